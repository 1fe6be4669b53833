// The personal parts of a page. Public pages are one cached copy for every visitor, so the header's name, the
// CSRF token of the forms, the vote buttons' state and the worker's own pending comments are not in the HTML:
// this script asks /accounts/me/ for them once per page view and puts them in place. Without it the page still
// works: the sign-in links, "Vote" and "Write a comment" lead to small uncached pages with a fresh token.
(function () {
    "use strict";
    var body = document.body;
    var url = body && body.getAttribute("data-me-url");
    // Only a browser that has been to a form of this site (the sign-in form included) holds a CSRF cookie; for every
    // other reader the page as served is already right, and no request is made.
    if (!url || !window.fetch || !/(^|;\s*)csrftoken=/.test(document.cookie)) { return; }

    function each(selector, fn, root) { Array.prototype.forEach.call((root || document).querySelectorAll(selector), fn); }
    function fragment(html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;  // rendered by the server's templates, with everything escaped
        return holder.firstElementChild;
    }

    var params = [];
    var boxes = document.querySelectorAll("[data-vote][data-entry]");
    if (boxes.length) {
        params.push("contest=" + encodeURIComponent(boxes[0].getAttribute("data-contest")));
        params.push("entries=" + Array.prototype.map.call(boxes, function (box) { return box.getAttribute("data-entry"); }).join(","));
    }
    var section = document.querySelector("[data-comments][data-target]");
    if (section) {
        params.push("target=" + encodeURIComponent(section.getAttribute("data-target")));
        params.push("next=" + encodeURIComponent(location.pathname + location.search));
    }
    var submissions = document.querySelector("[data-my-submissions]");
    if (submissions) { params.push("submissions=" + encodeURIComponent(submissions.getAttribute("data-my-submissions"))); }
    var signupBoxes = document.querySelectorAll("[data-signup]");
    if (signupBoxes.length) {
        params.push("activities=" + Array.prototype.map.call(signupBoxes, function (box) { return box.getAttribute("data-signup"); }).join(","));
    }
    if (body.getAttribute("data-page")) { params.push("page=" + encodeURIComponent(body.getAttribute("data-page"))); }

    function showAccount(data) {
        each("[data-account-nav]", function (nav) {
            each("[data-signed-out-only]", function (el) { el.hidden = true; }, nav);
            each("[data-signed-in-only]", function (el) { el.hidden = false; }, nav);
            var name = nav.querySelector("[data-account-name]");
            name.textContent = data.name;
            name.setAttribute("href", data.account_url);
            if (data.edit) {
                var links = nav.querySelector("[data-staff-links]");
                var edit = document.createElement("a");
                edit.href = data.edit.url;
                edit.textContent = data.edit.label;
                links.appendChild(document.createTextNode(" · "));
                links.appendChild(edit);
            }
        });
    }

    function showMessages(messages) {
        var list = document.querySelector("[data-messages]");
        if (!list || !messages || !messages.length) { return; }
        messages.forEach(function (message) {
            var item = document.createElement("li");
            item.className = "message message--" + message.level;
            item.textContent = message.text;
            list.appendChild(item);
        });
        list.hidden = false;
    }

    function showVotes(states, token) {
        each("[data-vote][data-entry]", function (box) {
            var state = states[box.getAttribute("data-entry")];
            var link = box.querySelector("[data-vote-link]");
            if (!state || !link) { return; }
            var status = box.querySelector("[data-vote-status]");
            var button = document.createElement("button");
            button.type = "submit";
            button.className = "button vote__button";
            button.textContent = state.label;
            var form = document.createElement("form");
            form.method = "post";
            form.action = link.pathname;
            form.className = "vote__form";
            form.setAttribute("data-vote-form", "");
            form.setAttribute("data-left", String(state.left));
            form.setAttribute("data-voted-label", link.getAttribute("data-voted-label"));
            [["csrfmiddlewaretoken", token], ["next", location.pathname + location.search]].forEach(function (pair) {
                var input = document.createElement("input");
                input.type = "hidden";
                input.name = pair[0];
                input.value = pair[1];
                form.appendChild(input);
            });
            form.appendChild(button);
            if (!state.can_vote) {
                button.disabled = true;
                if (status) { status.textContent = state.message; }
            }
            link.parentNode.replaceChild(form, link);
        });
    }

    // Sign-up boxes (signups/): the worker's own state and the places left now; the link still leads to the
    // event's sign-up page, which does the signing up.
    function showSignups(states) {
        each("[data-signup]", function (box) {
            var state = states[box.getAttribute("data-signup")];
            if (!state) { return; }
            var status = box.querySelector("[data-signup-status]");
            var link = box.querySelector("[data-signup-link]");
            if (status) { status.textContent = state.status ? state.label : (state.open ? state.left_label : ""); }
            if (link && state.status) { link.hidden = true; }
        });
    }

    function showComments(part) {
        if (!section) { return; }
        each("[data-signed-out-only]", function (el) { el.hidden = true; }, section);
        if (part.block) {
            // A blocked worker sees the reason where the form would be, and no comment, reply or report forms.
            var holder = section.querySelector("div[data-comment-block]");
            if (holder) { holder.parentNode.replaceChild(fragment(part.block), holder); }
            each("[data-signed-in-only]", function (el) { el.parentNode.removeChild(el); }, section);
        } else {
            each("[data-signed-in-only]", function (el) { el.hidden = false; }, section);
        }
        part.own.forEach(function (own) {
            var shown = document.getElementById("comment-" + own.id);
            if (shown) {  // their own approved comment: no reply or report, but edit and delete while they may
                var actions = shown.querySelector(":scope > [data-comment-actions]");
                if (actions) { actions.hidden = true; }
                if (own.html) { shown.parentNode.replaceChild(fragment(own.html), shown); }
                return;
            }
            if (!own.html) { return; }
            var list;
            if (own.parent) {
                var parent = document.getElementById("comment-" + own.parent);
                if (!parent) { return; }
                list = parent.querySelector(":scope > .comment-list--replies");
                if (!list) {
                    list = document.createElement("ol");
                    list.className = "comment-list comment-list--replies";
                    parent.appendChild(list);
                }
                list.appendChild(fragment(own.html));
                return;
            }
            list = section.querySelector("[data-comment-pending-list]");
            if (!list) {
                list = document.createElement("ol");
                list.className = "comment-list comment-list--pending";
                list.setAttribute("data-comment-pending-list", "");
                var after = section.querySelector(".comment-form") || section.querySelector("h2");
                after.parentNode.insertBefore(list, after.nextSibling);
            }
            list.appendChild(fragment(own.html));
        });
        var empty = section.querySelector("[data-comments-empty]");
        if (empty && section.querySelector("[data-comment-pending-list]")) { empty.parentNode.removeChild(empty); }
    }

    fetch(url + (params.length ? "?" + params.join("&") : ""), {
        credentials: "same-origin",
        headers: {"Accept": "application/json"}
    }).then(function (response) {
        return response.ok ? response.json() : null;
    }).then(function (data) {
        if (!data || !data.signed_in) { return; }
        showAccount(data);
        showMessages(data.messages);
        if (data.comments) { showComments(data.comments); }
        each("input[data-csrf]", function (input) { input.value = data.csrf; });
        if (data.votes) { showVotes(data.votes, data.csrf); }
        if (submissions && data.submissions && data.submissions.count) {
            var list = submissions.querySelector("[data-my-submissions-list]");
            list.parentNode.replaceChild(fragment(data.submissions.html), list);
            submissions.hidden = false;
        }
        if (data.signups) { showSignups(data.signups); }
        document.dispatchEvent(new CustomEvent("personal:ready", {detail: data}));
    }).catch(function () { /* the page as served still works: its links lead to the uncached pages */ });
})();

// Posting a comment without a page reload: the form posts with fetch, says what happened (for example that the
// comment awaits review) and shows the new comment in place, as the server rendered it: a comment at the top of
// the author's pending list, a reply under the comment it answers. Without JavaScript the form posts normally
// and the page shows the same message and comment after the redirect.
(function () {
    "use strict";
    function listFor(form) {
        var section = form.closest("[data-comments]");
        var parent = form.querySelector("input[name=parent]");
        if (parent) {
            var item = document.getElementById("comment-" + parent.value);
            if (!item) { return null; }
            var replies = item.querySelector(":scope > .comment-list--replies");
            if (!replies) {
                replies = document.createElement("ol");
                replies.className = "comment-list comment-list--replies";
                item.appendChild(replies);
            }
            return replies;
        }
        if (!section) { return null; }
        var pending = section.querySelector("[data-comment-pending-list]");
        if (!pending) {
            pending = document.createElement("ol");
            pending.className = "comment-list comment-list--pending";
            pending.setAttribute("data-comment-pending-list", "");
            form.parentNode.insertBefore(pending, form.nextSibling);
        }
        return pending;
    }
    function show(form, html) {
        var list = listFor(form);
        if (!list || !html) { return; }
        var holder = document.createElement("ol");
        holder.innerHTML = html;  // rendered by the server's template, with everything escaped
        var item = holder.firstElementChild;
        if (!item) { return; }
        if (form.querySelector("input[name=parent]")) { list.appendChild(item); } else { list.insertBefore(item, list.firstChild); }
        var section = form.closest("[data-comments]");
        var empty = section && section.querySelector("[data-comments-empty]");
        if (empty) { empty.parentNode.removeChild(empty); }
    }
    document.addEventListener("submit", function (event) {
        var form = event.target.closest ? event.target.closest("[data-comment-form]") : null;
        if (!form || !window.fetch) { return; }
        event.preventDefault();
        var status = form.querySelector("[data-comment-status]");
        var button = form.querySelector("button");
        button.disabled = true;
        fetch(form.action, {
            method: "POST",
            body: new FormData(form),
            headers: {"Accept": "application/json", "X-Requested-With": "XMLHttpRequest"},
            credentials: "same-origin"
        }).then(function (response) {
            return response.json().then(function (data) { return {ok: response.ok, data: data}; });
        }).then(function (result) {
            if (status) {
                status.textContent = result.data.message;
                status.className = "comment-form__status " + (result.ok ? "is-ok" : "is-error");
            }
            if (result.ok) {
                form.querySelector("textarea").value = "";
                show(form, result.data.html);
            }
        }).catch(function () {
            if (status) { status.textContent = gettext("Network error, please try again."); }
        }).then(function () { button.disabled = false; });
    });
})();

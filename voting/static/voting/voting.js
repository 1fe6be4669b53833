// Votes without a page reload: the vote form (made by personal.js in place of the vote link of the cached page)
// posts with fetch, and the new count replaces the old one. Without JavaScript the link leads to the vote page.
(function () {
    "use strict";
    document.addEventListener("submit", function (event) {
        var form = event.target.closest ? event.target.closest("[data-vote-form]") : null;
        if (!form || !window.fetch) { return; }
        event.preventDefault();
        var box = form.closest("[data-vote]");
        var status = box ? box.querySelector("[data-vote-status]") : null;
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
                status.className = "vote__status " + (result.ok ? "vote__status--ok" : "vote__status--error");
            }
            if (!result.ok && result.data.code === "already_voted" && form.hasAttribute("data-voted-label")) {
                button.textContent = form.getAttribute("data-voted-label");
                form.setAttribute("data-voted", "");
            }
            if (result.ok && form.hasAttribute("data-left")) {
                // personal.js knows how many votes the worker had left today; none left: the button says so.
                var left = Math.max(0, parseInt(form.getAttribute("data-left"), 10) - 1);
                form.setAttribute("data-left", String(left));
                if (left === 0) {
                    button.textContent = form.getAttribute("data-voted-label");
                    form.setAttribute("data-voted", "");
                }
            }
            if (result.ok && result.data.count !== undefined) {  // no count: the contest hides them until the results
                var id = form.action.match(/entries\/(\d+)\//)[1];
                document.querySelectorAll('[data-entry-votes="' + id + '"]').forEach(function (el) {
                    // A table cell holds the number alone; elsewhere the count is in words ("1 vote"), from the server.
                    el.textContent = el.tagName === "TD" ? String(result.data.count) : result.data.label;
                });
            }
        }).catch(function () {
            if (status) { status.textContent = gettext("Network error, please try again."); }
        }).then(function () { button.disabled = form.hasAttribute("data-voted"); });
    });
    var copy = document.querySelector("[data-copy-link]");
    var input = document.querySelector("[data-share-url]");
    if (copy && input && navigator.clipboard) {
        copy.hidden = false;
        copy.addEventListener("click", function () { navigator.clipboard.writeText(input.value); });
    }
})();

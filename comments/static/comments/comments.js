// Posting a comment without a page reload: the form posts with fetch and says what happened (for example that
// the comment awaits review). Without JavaScript the form posts normally and the page shows the same message.
(function () {
    "use strict";
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
            if (result.ok) { form.querySelector("textarea").value = ""; }
        }).catch(function () {
            if (status) { status.textContent = "网络错误，请稍后再试。"; }
        }).then(function () { button.disabled = false; });
    });
})();

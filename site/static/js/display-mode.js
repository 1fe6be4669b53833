// The reader's display mode: "elder" (长辈模式, elder-friendly: larger text, higher contrast, more spacing; see the
// end of css/site.css) or the normal one. The choice is remembered in this browser (localStorage) and applied on
// the client, so every visitor gets the same cached page. Loaded in <head> without `defer`, so the mode is on
// <html> before the first paint; the switch buttons are wired once the document is parsed.
(function () {
    "use strict";
    var KEY = "workershome:display-mode";
    var root = document.documentElement;

    function remembered() {
        try { return window.localStorage.getItem(KEY); } catch (error) { return null; }
    }
    function remember(mode) {
        try {
            if (mode) { window.localStorage.setItem(KEY, mode); } else { window.localStorage.removeItem(KEY); }
        } catch (error) { /* storage refused (private browsing): the mode lasts for this page only */ }
    }
    function switches() { return document.querySelectorAll("[data-display-mode-switch]"); }
    function apply(elder) {
        root.classList.toggle("elder", elder);
        Array.prototype.forEach.call(switches(), function (button) {
            button.setAttribute("aria-pressed", elder ? "true" : "false");
        });
    }

    apply(remembered() === "elder");

    document.addEventListener("DOMContentLoaded", function () {
        Array.prototype.forEach.call(switches(), function (button) {
            button.hidden = false;
            button.addEventListener("click", function () {
                var elder = !root.classList.contains("elder");
                apply(elder);
                remember(elder ? "elder" : null);
            });
        });
        apply(root.classList.contains("elder"));
    });
    // Another tab switched: follow it.
    window.addEventListener("storage", function (event) {
        if (event.key === KEY) { apply(event.newValue === "elder"); }
    });
    // No new windows in elder mode: a link that would open one opens in this tab.
    document.addEventListener("click", function (event) {
        if (!root.classList.contains("elder") || !event.target.closest) { return; }
        var link = event.target.closest("a[target]");
        if (link) { link.removeAttribute("target"); }
    }, true);
})();

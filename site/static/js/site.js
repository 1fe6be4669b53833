// Progressive enhancement only: every page works without this file.
(function () {
    "use strict";
    // Disclosures marked data-open-wide (the main menu, the search filters) are always open on wide screens; on
    // phones they fold. Without this script they start folded everywhere and open with a click.
    var folds = document.querySelectorAll("details[data-open-wide]");
    if (folds.length && window.matchMedia) {
        var wide = window.matchMedia("(min-width: 60em)");
        var sync = function () {
            Array.prototype.forEach.call(folds, function (fold) {
                if (wide.matches) { fold.setAttribute("open", ""); } else { fold.removeAttribute("open"); }
            });
        };
        sync();
        if (wide.addEventListener) { wide.addEventListener("change", sync); }
    }
    // Escape closes the phone menu and puts the focus back on its button.
    document.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") { return; }
        var nav = document.querySelector(".site-nav[open]");
        if (nav && window.matchMedia && !window.matchMedia("(min-width: 60em)").matches) {
            nav.removeAttribute("open");
            nav.querySelector("summary").focus();
        }
    });
})();

// Progressive enhancement only: every page works without this file.
(function () {
    "use strict";
    // On wide screens the navigation is always shown; on phones it folds into the "Menu" disclosure.
    var nav = document.querySelector(".site-nav");
    if (nav && window.matchMedia) {
        var wide = window.matchMedia("(min-width: 60em)");
        var sync = function () { if (wide.matches) { nav.setAttribute("open", ""); } };
        sync();
        if (wide.addEventListener) { wide.addEventListener("change", sync); }
    }
})();

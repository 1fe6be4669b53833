// Suggestions under the search box as the user types (titles from /search/suggest/).
// Titles are inserted as text, never as HTML.
(function () {
    "use strict";
    var input = document.getElementById("site-search");
    var list = document.getElementById("site-search-suggestions");
    if (!input || !list || !window.fetch) { return; }
    var timer = null, last = "";
    function clear() { list.hidden = true; list.textContent = ""; }
    input.addEventListener("input", function () {
        var q = input.value.trim();
        clearTimeout(timer);
        if (!q) { clear(); return; }
        timer = setTimeout(function () {
            if (q === last) { return; }
            last = q;
            fetch(input.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(q), {headers: {"Accept": "application/json"}})
                .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
                .then(function (data) {
                    list.textContent = "";
                    (data.suggestions || []).forEach(function (item) {
                        var li = document.createElement("li");
                        li.setAttribute("role", "option");
                        var a = document.createElement("a");
                        a.href = item.url;
                        a.textContent = item.title;
                        var kind = document.createElement("span");
                        kind.className = "suggestions__kind";
                        kind.textContent = item.type_label || "";
                        a.appendChild(kind);
                        li.appendChild(a);
                        list.appendChild(li);
                    });
                    list.hidden = !list.children.length;
                })
                .catch(clear);
        }, 200);
    });
    input.addEventListener("keydown", function (event) { if (event.key === "Escape") { clear(); } });
    document.addEventListener("click", function (event) { if (!list.contains(event.target) && event.target !== input) { clear(); } });
})();

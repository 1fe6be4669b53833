// The search page's beacon (search.analytics): tells the site the search was shown and which result was clicked,
// by position, so cached pages count too. Anonymous: the token holds the query and its result count, signed.
(function () {
    "use strict";
    var results = document.querySelector("[data-search-beacon]");
    if (!results || !navigator.sendBeacon || !window.FormData) { return; }
    var url = results.getAttribute("data-search-beacon");
    var token = results.getAttribute("data-search-token");
    function send(position) {
        var data = new FormData();
        data.append("t", token);
        if (position) { data.append("pos", position); }
        navigator.sendBeacon(url, data);
    }
    send(null);
    results.addEventListener("click", function (event) {
        var link = event.target.closest ? event.target.closest("a[data-position]") : null;
        if (link) { send(link.getAttribute("data-position")); }
    });
})();

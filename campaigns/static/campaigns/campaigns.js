// Campaign pages: count the view with a beacon (works on cached pages) and tick contest countdowns.
(function () {
    "use strict";
    var beacon = document.querySelector("[data-view-beacon]");
    if (beacon && navigator.sendBeacon) {
        navigator.sendBeacon(beacon.getAttribute("data-view-beacon"));
    }

    // Words come from the JavaScript catalogue (gettext, interpolate), loaded before this file in base.html.
    function format(ms) {
        if (ms <= 0) { return gettext("any moment now"); }
        var s = Math.floor(ms / 1000);
        var parts = {days: Math.floor(s / 86400), hours: Math.floor(s % 86400 / 3600), minutes: Math.floor(s % 3600 / 60), seconds: s % 60};
        // Within a day the seconds tick; further off, the days lead and the seconds are left out.
        var pattern = parts.days ? gettext("%(days)sd %(hours)sh %(minutes)sm") : gettext("%(hours)sh %(minutes)sm %(seconds)ss");
        return interpolate(pattern, parts, true);
    }
    var clocks = Array.prototype.slice.call(document.querySelectorAll("time[data-countdown]"));
    if (!clocks.length) { return; }
    function tick() {
        var now = Date.now();
        clocks.forEach(function (el) { el.textContent = format(new Date(el.getAttribute("datetime")) - now); });
    }
    tick();
    setInterval(tick, 1000);
})();

// Campaign pages: count the view with a beacon (works on cached pages) and tick contest countdowns.
(function () {
    "use strict";
    var beacon = document.querySelector("[data-view-beacon]");
    if (beacon && navigator.sendBeacon) {
        navigator.sendBeacon(beacon.getAttribute("data-view-beacon"));
    }

    var lang = document.documentElement.lang || "zh-hans";
    var zh = lang.indexOf("zh") === 0;
    function format(ms) {
        if (ms <= 0) { return zh ? "即将开始" : "any moment now"; }
        var s = Math.floor(ms / 1000), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600),
            m = Math.floor(s % 3600 / 60), sec = s % 60;
        if (zh) { return (d ? d + "天" : "") + h + "小时" + m + "分" + (d ? "" : sec + "秒"); }
        return (d ? d + "d " : "") + h + "h " + m + "m" + (d ? "" : " " + sec + "s");
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

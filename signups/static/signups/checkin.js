// The organiser's check-in page: where the browser has the BarcodeDetector API and a camera, read workers' QR codes
// and check them in one after another; the typed-code form below works in every browser (and without scripts).
(function () {
    "use strict";
    var camera = document.querySelector("[data-checkin-camera]");
    var form = document.querySelector("[data-checkin-form]");
    if (!camera || !form || !("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { return; }
    var video = camera.querySelector("[data-checkin-video]");
    var start = camera.querySelector("[data-checkin-start]");
    var result = document.querySelector("[data-checkin-result]");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var last = "";
    var busy = false;
    camera.hidden = false;

    function send(code) {
        busy = true;
        var body = new FormData();
        body.append("code", code);
        body.append("csrfmiddlewaretoken", token.value);
        fetch(form.action || location.pathname, {method: "POST", body: body, credentials: "same-origin", headers: {"Accept": "application/json"}})
            .then(function (response) { return response.json(); })
            .then(function (data) {
                result.textContent = data.message;
                result.className = "checkin__result " + (data.ok ? "message message--success" : "message message--error");
                if (data.ok && data.first_time) {
                    var list = document.querySelector("ol[data-checkin-list]");
                    if (list) {
                        var item = document.createElement("li");
                        item.textContent = data.name;
                        list.insertBefore(item, list.firstChild);
                    }
                }
            })
            .catch(function () { result.textContent = gettext("Network error, please try again."); })
            .then(function () { window.setTimeout(function () { busy = false; }, 1500); });
    }

    start.addEventListener("click", function () {
        var detector = new window.BarcodeDetector({formats: ["qr_code"]});
        navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}}).then(function (stream) {
            video.srcObject = stream;
            video.play();
            start.hidden = true;
            (function scan() {
                if (!busy && video.readyState >= 2) {
                    detector.detect(video).then(function (codes) {
                        if (codes.length && codes[0].rawValue !== last) {
                            last = codes[0].rawValue;
                            send(last);
                        }
                    }).catch(function () {});
                }
                window.requestAnimationFrame(scan);
            })();
        }).catch(function () {
            result.textContent = gettext("The camera is not available: type the code instead.");
        });
    });
})();

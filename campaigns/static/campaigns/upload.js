// Resumable video upload on the submission form (protocol: campaigns/uploads.py). Without this script the form
// posts the file in one go, which works too. With it: the file goes up in pieces with a progress bar; when the
// connection drops it retries, and a later try (even after a reload, with the same file chosen again) continues
// from what the server already has. Words come from the JavaScript catalogue (gettext, interpolate).
(function () {
    "use strict";
    var form = document.querySelector("form[data-upload-url]");
    if (!form || !window.XMLHttpRequest || !window.Blob || !Blob.prototype.slice) { return; }
    var input = form.querySelector('input[type="file"][name="video"]');
    var hidden = form.querySelector('input[name="upload"]');
    var progress = form.querySelector("[data-upload-progress]");
    var bar = progress && progress.querySelector("progress");
    var status = progress && progress.querySelector("[data-upload-status]");
    if (!input || !hidden || !progress) { return; }
    var csrf = form.querySelector('input[name="csrfmiddlewaretoken"]').value;
    var busy = false;

    function say(text) { status.textContent = text; }
    function show(done, total) {
        progress.hidden = false;
        bar.max = total;
        bar.value = done;
        say(interpolate(gettext("Uploaded %(percent)s%% (%(done)s of %(total)s MB)"), {
            percent: Math.floor(done * 100 / total),
            done: (done / 1048576).toFixed(1),
            total: (total / 1048576).toFixed(1)
        }, true));
    }
    function key(file) {
        return "video-upload:" + form.dataset.contest + ":" + file.name + ":" + file.size + ":" + file.lastModified;
    }
    function request(method, url, body, headers, onProgress) {
        return new Promise(function (resolve, reject) {
            var xhr = new XMLHttpRequest();
            xhr.open(method, url);
            xhr.setRequestHeader("X-CSRFToken", csrf);
            xhr.setRequestHeader("Accept", "application/json");
            Object.keys(headers || {}).forEach(function (name) { xhr.setRequestHeader(name, headers[name]); });
            if (onProgress) { xhr.upload.onprogress = function (e) { onProgress(e.loaded); }; }
            xhr.onload = function () {
                var data = {};
                try { data = JSON.parse(xhr.responseText || "{}"); } catch (e) { data = {}; }
                resolve({ status: xhr.status, data: data });
            };
            xhr.onerror = function () { reject(new Error("network")); };
            xhr.send(body);
        });
    }
    function wait(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

    function start(file) {
        var saved = null;
        try { saved = JSON.parse(localStorage.getItem(key(file)) || "null"); } catch (e) { saved = null; }
        if (saved && saved.url) {
            return request("GET", saved.url).then(function (answer) {
                if (answer.status === 200) {
                    return { url: saved.url, id: saved.id, offset: answer.data.offset, chunk: saved.chunk };
                }
                localStorage.removeItem(key(file));
                return start(file);
            });
        }
        var body = new FormData();
        body.append("contest", form.dataset.contest);
        body.append("size", String(file.size));
        body.append("name", file.name);
        return request("POST", form.dataset.uploadUrl, body).then(function (answer) {
            if (answer.status !== 201) { throw new Error(answer.data.message || gettext("Network error, please try again.")); }
            var session = { url: answer.data.url, id: answer.data.id, offset: 0, chunk: answer.data.chunk_size };
            try { localStorage.setItem(key(file), JSON.stringify(session)); } catch (e) { /* private mode */ }
            return session;
        });
    }

    function send(file, session, failures) {
        if (session.offset >= file.size) { return Promise.resolve(session); }
        var end = Math.min(session.offset + session.chunk, file.size);
        var headers = {
            "Content-Range": "bytes " + session.offset + "-" + (end - 1) + "/" + file.size,
            "Content-Type": "application/octet-stream"
        };
        var base = session.offset;
        return request("PATCH", session.url, file.slice(session.offset, end), headers, function (loaded) {
            show(base + loaded, file.size);
        }).then(function (answer) {
            if (answer.status === 200 || answer.status === 409) {  // 409: the server says where to go on from
                session.offset = answer.data.offset;
                show(session.offset, file.size);
                form.dispatchEvent(new CustomEvent("upload:chunk", { detail: { offset: session.offset } }));
                return send(file, session, 0);
            }
            throw new Error(answer.data.message || gettext("Network error, please try again."));
        }, function () {
            if (failures >= 5) {
                throw new Error(gettext("The connection was lost. Submit again to continue the upload where it stopped."));
            }
            say(gettext("Connection lost; trying again …"));
            return wait(1000 * Math.pow(2, failures)).then(function () {
                return request("GET", session.url).then(function (answer) {
                    if (answer.status === 200) { session.offset = answer.data.offset; }
                    return send(file, session, failures + 1);
                }, function () { return send(file, session, failures + 1); });
            });
        });
    }

    form.addEventListener("submit", function (event) {
        var file = input.files && input.files[0];
        if (!file || hidden.value) { return; }  // a link, or the upload is done: the form posts as it is
        event.preventDefault();
        if (busy) { return; }
        busy = true;
        show(0, file.size);
        start(file).then(function (session) {
            show(session.offset, file.size);
            return send(file, session, 0);
        }).then(function (session) {
            hidden.value = session.id;
            try { localStorage.removeItem(key(file)); } catch (e) { /* private mode */ }
            input.disabled = true;  // the file is on the server: the form sends the upload's id, not the file again
            say(gettext("Upload complete. Sending the form …"));
            form.submit();
        }).catch(function (error) {
            busy = false;
            say(error.message);
        });
    });
}());

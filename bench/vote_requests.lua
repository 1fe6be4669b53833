-- wrk script for bench/votes.py: every thread replays its share of prepared vote requests (one line each:
-- path, session id, CSRF token) and counts accepted (200), refused (4xx) and failed (5xx) votes.
local threads = {}

function setup(thread)
    thread:set("id", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    local path, nthreads = args[1], tonumber(args[2])
    requests = {}
    local n = 0
    for line in io.lines(path) do
        n = n + 1
        if n % nthreads == id - 1 then
            local url, session, csrf = line:match("([^\t]+)\t([^\t]+)\t([^\t]+)")
            table.insert(requests, wrk.format("POST", url, {
                ["Cookie"] = "sessionid=" .. session .. "; csrftoken=" .. csrf,
                ["X-CSRFToken"] = csrf,
                ["Accept"] = "application/json",
            }, ""))
        end
    end
    index, accepted, refused, failed = 0, 0, 0, 0
end

function request()
    index = index + 1
    if index > #requests then index = 1 end
    return requests[index]
end

function response(status, headers, body)
    if status == 200 then accepted = accepted + 1
    elseif status >= 500 then failed = failed + 1
    else refused = refused + 1 end
end

function done(summary, latency, requests)
    local a, r, f = 0, 0, 0
    for _, thread in ipairs(threads) do
        a = a + thread:get("accepted")
        r = r + thread:get("refused")
        f = f + thread:get("failed")
    end
    io.write(string.format("VOTES accepted=%d refused=%d failed=%d\n", a, r, f))
end

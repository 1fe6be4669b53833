-- wrk script for bench/pages.py: GET the same path as many distinct signed-in workers (one session per request, in
-- turn): args are a file of "session id<TAB>csrf token" lines and the number of wrk threads.
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
            local session, csrf = line:match("([^\t]+)\t([^\t]+)")
            table.insert(requests, wrk.format("GET", nil, {
                ["Cookie"] = "sessionid=" .. session .. "; csrftoken=" .. csrf,
                ["Accept"] = "text/html,application/json",
            }))
        end
    end
    index = 0
end

function request()
    index = index + 1
    if index > #requests then index = 1 end
    return requests[index]
end

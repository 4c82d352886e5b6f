# Shared by the benchmark scripts (sourced): the wrk run that fails on any error, and the submission script.

# run NAME WRK-ARGUMENTS...: wrk -t2 -c32 for $duration seconds; any non-2xx answer or socket error fails the benchmark.
run() {
    local name=$1; shift
    echo "== $name"
    wrk -t2 -c32 -d"${duration}s" --latency "$@" | tee "$work/wrk.out"
    if grep -q 'Non-2xx\|Socket errors' "$work/wrk.out"; then echo "FAILED: $name answered with errors"; exit 1; fi
}

# write_submit_lua ANNOUNCEMENT: $work/submit.lua posts anonymous objections on the announcement; each wrk thread of
# each run writes the case number of every 201 it reads to a file of its own: those are the acknowledged submissions.
write_submit_lua() {
    cat > "$work/submit.lua" <<LUA
local threads, n, out = 0, 0, nil
setup = function(thread) threads = threads + 1; thread:set("index", threads) end
init = function() out = io.open("$work/acknowledged." .. os.time() .. "." .. index, "w") end
request = function()
    n = n + 1
    return wrk.format("POST", "/api/v1/objections", { ["Content-Type"] = "application/json" },
        '{"announcementId":$1,"category":"WronglyIncluded","anonymous":true,"consent":true,"text":"该户家里有小汽车和商品房，不符合识别条件。压测第' .. n .. '条 ' .. tostring(math.random(1e9)) .. '"}')
end
response = function(status, headers, body)
    if status == 201 then out:write(body:match('"caseNumber":"([^"]+)"'), "\\n"); out:flush() end
end
LUA
}

# start_nginx PREFIX STATIC_PORT PROXY_PORT INSTANCE-PORT...: nginx from nginx.conf.in, in the background ($nginx is its
# pid), serving PREFIX/html on STATIC_PORT and the instances round robin on PROXY_PORT.
start_nginx() {
    local prefix=$1 static=$2 proxy=$3; shift 3
    local upstream=""
    for port in "$@"; do upstream="$upstream server 127.0.0.1:$port;"; done
    sed -e "s|@PREFIX@|$prefix|g" -e "s|@STATIC_PORT@|$static|g" -e "s|@PROXY_PORT@|$proxy|g" -e "s|@UPSTREAM@|$upstream|" \
        Portal.Tests/Benchmarks/nginx.conf.in > "$prefix/nginx.conf"
    nginx -p "$prefix" -c "$prefix/nginx.conf" &
    nginx=$!
    for i in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$static/" && return 0; sleep 0.1; done
    cat "$prefix/error.log"; exit 1
}

# healthy PORT LOG: waits up to 120 s for the portal on PORT to answer /healthz, or shows its log and stops.
healthy() {
    for i in $(seq 600); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.2; done
    echo "the portal on port $1 did not start within 120 s:"; cat "$2"; exit 1
}

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

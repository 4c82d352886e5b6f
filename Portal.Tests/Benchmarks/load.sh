#!/usr/bin/env bash
# The load benchmark (README, Performance): wrk on loopback against a 100,000-household database.
#   - the public announcement page (500 entries), the API list, the tracking look-up and objection submission,
#     each next to nginx serving the same announcement HTML as a static file in the same run (the machine's ceiling);
#   - the portal's memory after 1,000 page views;
#   - what the page, the API list and a 1,000-entry notice PDF cost to build, without the output cache.
# Needs: wrk, nginx, curl, sqlite3 (apt-get install -y wrk nginx curl sqlite3). Run from anywhere:
#   bash Portal.Tests/Benchmarks/load.sh
# BENCH_SECONDS (default 15) sets each wrk run's length; BENCH_DIR (default /tmp/portal-bench) keeps the seeded database.
set -euo pipefail
cd "$(dirname "$0")/../.."
source Portal.Tests/Benchmarks/wrk-common.sh
work=${BENCH_DIR:-/tmp/portal-bench}
db=$work/bench.db
duration=${BENCH_SECONDS:-15}
portal_url=http://127.0.0.1:5080
mkdir -p "$work/html"

if [ ! -f "$db" ]; then
    dotnet run -c Release --project Portal -- seed --households 100000 --database "$db" --announcements 500,1000 | tee "$work/seed.log"
fi
page=$(grep -o '500-entry announcement: /announcements/[0-9]*' "$work/seed.log" | grep -o '[0-9]*$')
notice=$(grep -o '1,000-entry announcement: /announcements/[0-9]*' "$work/seed.log" | grep -o '[0-9]*$')

# Every run starts from the seeded database, so submissions from earlier runs do not pile up.
cp "$db" "$work/run.db"
rm -f "$work/run.db-wal" "$work/run.db-shm"

dotnet build -c Release Portal -v q >/dev/null
# wrk sends everything from one address: the per-address submission limit (10 an hour by default) is lifted for the run.
ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS=$portal_url Portal__PublicBaseUrl=$portal_url \
ConnectionStrings__Portal="Data Source=$work/run.db" Security__KeysPath="$work/keys" Attachments__Path="$work/attachments" \
Limits__ObjectionsPerHourPerAddress=100000000 Logging__LogLevel__Default=Warning \
    dotnet Portal/bin/Release/net10.0/Portal.dll > "$work/portal.log" 2>&1 &
portal=$!
nginx=""
trap 'kill $portal $nginx 2>/dev/null || true' EXIT
healthy 5080 "$work/portal.log"

curl -sf "$portal_url/announcements/$page" -o "$work/html/announcement.html"
# The same page as the portal sends it gzipped, for nginx's gzip_static to send as it is (issue 19: the cache's
# compressed copy against a static server sending the same bytes).
curl -sf -H "Accept-Encoding: gzip" "$portal_url/announcements/$page" -o "$work/html/announcement.html.gz"
start_nginx "$work" 8080 8081 5080
echo "HTML: $(wc -c < "$work/html/announcement.html") bytes, $(grep -o '<tr' "$work/html/announcement.html" | wc -l) table rows"

memory() { awk '/^(VmRSS|VmHWM)/ {printf "%s %.0f MiB  ", $1, $2/1024} END {print ""}' /proc/$portal/status; }

# 1,000 page views the way readers spread them: announcement pages, the list and its pages, village pages, open data.
echo "== memory after start: $(memory)"
ids=$(curl -sf "$portal_url/api/v1/announcements?pageSize=100" | grep -o '"id":[0-9]*' | grep -o '[0-9]*' | awk 'NR<=50')
villages=$(curl -sf "$portal_url/api/v1/announcements?pageSize=100" | grep -o '"regionCode":"[0-9]*"' | grep -o '[0-9]\{12\}' | sort -u | awk 'NR<=20')
{
    for i in $(seq 100); do
        for id in $ids; do echo "$portal_url/announcements/$id"; done
        for p in 1 2 3 4 5; do echo "$portal_url/announcements?page=$p"; done
        for v in $villages; do echo "$portal_url/villages/$v"; done
        echo "$portal_url/"; echo "$portal_url/open-data"; echo "$portal_url/statistics"; echo "$portal_url/announcements/$page"
    done
} | awk 'NR<=1000' > "$work/views.txt"
xargs -P4 -I{} curl -sf -o /dev/null {} < "$work/views.txt"
echo "== memory after $(wc -l < "$work/views.txt") page views: $(memory)"

# Receipts to look up: twenty objections filed the way a resident's phone files them.
open=$(curl -sf "$portal_url/api/v1/announcements?status=Published&pageSize=1" | grep -o '"id":[0-9]*' | awk 'NR==1' | grep -o '[0-9]*')
: > "$work/receipts.txt"
for i in $(seq 20); do
    curl -sf -X POST "$portal_url/api/v1/objections" -H 'Content-Type: application/json' \
        -d "{\"announcementId\":$open,\"category\":\"WronglyIncluded\",\"text\":\"该户家里有小汽车和商品房，不符合识别条件。准备第$i条\",\"anonymous\":true,\"consent\":true}" \
        | grep -o '"receipt":"[^"]*"' | cut -d'"' -f4 >> "$work/receipts.txt"
done
[ "$(wc -l < "$work/receipts.txt")" = 20 ] || { echo "could not file the objections to look up"; cat "$work/portal.log"; exit 1; }

cat > "$work/track.lua" <<LUA
local receipts, n = {}, 0
for line in io.lines("$work/receipts.txt") do receipts[#receipts + 1] = line end
request = function()
    n = n + 1
    return wrk.format("POST", "/api/v1/objections/track", { ["Content-Type"] = "application/json" },
        '{"receipt":"' .. receipts[n % #receipts + 1] .. '"}')
end
LUA
# Each thread writes the case number of every 201 it reads to its own file: those are the acknowledged submissions.
rm -f "$work"/acknowledged.*
write_submit_lua $open

for i in 1 2 3; do curl -sf "$portal_url/announcements/$page" -o /dev/null; curl -sf "$portal_url/api/v1/announcements" -o /dev/null; done
run "nginx, the 500-entry announcement HTML as a static file" "http://127.0.0.1:8080/announcement.html"
run "portal /announcements/$page (500 entries)" "$portal_url/announcements/$page"
run "nginx gzip_static, the same page's $(wc -c < "$work/html/announcement.html.gz") gzip bytes" -H "Accept-Encoding: gzip" "http://127.0.0.1:8080/announcement.html"
run "portal /announcements/$page with Accept-Encoding: gzip (the cache's compressed copy)" -H "Accept-Encoding: gzip" "$portal_url/announcements/$page"
run "portal /api/v1/announcements (first page, 20)" "$portal_url/api/v1/announcements"
run "portal POST /api/v1/objections/track (20 receipts in turn)" -s "$work/track.lua" "$portal_url/api/v1/objections/track"
# Submissions: SPEC §6 asks for 100 a second sustained for 60 s with none lost, so this run is 60 s whatever BENCH_SECONDS
# says; afterwards every acknowledged (201) submission must be a row in the database.
before=$(sqlite3 "$work/run.db" 'SELECT COUNT(*) FROM Objection')
duration_saved=$duration; duration=${SUBMIT_SECONDS:-60}
run "portal POST /api/v1/objections (anonymous, no attachment), ${duration} s" -s "$work/submit.lua" "$portal_url/api/v1/objections"
duration=$duration_saved
sort -u "$work"/acknowledged.* > "$work/acknowledged.txt"
sqlite3 "$work/run.db" 'SELECT CaseNumber FROM Objection' | sort -u > "$work/stored.txt"
acknowledged=$(wc -l < "$work/acknowledged.txt")
stored=$(( $(wc -l < "$work/stored.txt") - before ))
lost=$(comm -23 "$work/acknowledged.txt" "$work/stored.txt" | wc -l)
echo "acknowledged $acknowledged (each case number read from a 201), stored $stored, acknowledged but not stored: $lost"
if [ "$acknowledged" -lt 100 ] || [ "$lost" -ne 0 ]; then echo "FAILED: submissions were lost, or too few were acknowledged to tell"; exit 1; fi
run "nginx again, after the portal runs" "http://127.0.0.1:8080/announcement.html"
echo "== memory at the end: $(memory)"

# The public pages and the API are served from the output cache (rendered at most once a minute per language), keyed
# only by the query parameters each one reads: a made-up parameter no longer misses it (a page redirects to its
# address without it). A new value of a real parameter does, so the API list searched for a new name each time shows
# what building an answer costs; the announcement page and the notice PDF read no parameter and cannot be forced.
fresh() { # name, url ending in a parameter the answer reads
    for i in 1 2 3; do curl -sf "${2}warm$i" -o /dev/null; done
    for i in $(seq 10); do curl -sf -o /dev/null -w '%{time_total}\n' "${2}run$i"; done \
        | sort -n | awk -v name="$1" '{a[NR]=$1} END {printf "%s, built afresh (10 requests): min %.3f s, median %.3f s, max %.3f s\n", name, a[1], a[int((NR+1)/2)], a[NR]}'
}
echo "== without the output cache"
fresh "/api/v1/announcements (a head-of-household search)" "$portal_url/api/v1/announcements?q="

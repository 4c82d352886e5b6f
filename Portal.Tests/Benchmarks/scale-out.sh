#!/usr/bin/env bash
# The scale-out benchmark (README, Performance): on one PostgreSQL database, in one run, wrk against
#   - nginx serving the announcement page's HTML as a static file (the machine's ceiling),
#   - one portal instance, directly,
#   - two portal instances behind nginx (round robin),
# for the public announcement page and for objection submission; afterwards every acknowledged submission must be a
# row in the database.
# Needs: wrk, nginx, curl, psql, and a PostgreSQL server where a database may be created:
#   PORTAL_BENCH_POSTGRES="Host=127.0.0.1;Port=55432;Username=portal_ci;Password=dev" bash Portal.Tests/Benchmarks/scale-out.sh
# BENCH_SECONDS (default 15) sets each wrk run's length; BENCH_DIR (default /tmp/portal-scale-out) keeps the files.
set -euo pipefail
cd "$(dirname "$0")/../.."
source Portal.Tests/Benchmarks/wrk-common.sh
work=${BENCH_DIR:-/tmp/portal-scale-out}
duration=${BENCH_SECONDS:-15}
server=${PORTAL_BENCH_POSTGRES:?set PORTAL_BENCH_POSTGRES to an Npgsql connection string for a server where a database may be created}
rm -rf "$work" && mkdir -p "$work/html" "$work/attachments"

# psql's own terms for the server, taken from the Npgsql string.
field() { echo "$server" | tr ';' '\n' | awk -F= -v k="$1" 'tolower($1) == tolower(k) { print $2 }'; }
export PGHOST=$(field Host) PGPORT=$(field Port) PGUSER=$(field Username) PGPASSWORD=$(field Password)
database=portal_scale_out
psql -d postgres -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "CREATE DATABASE $database"
connection="$server;Database=$database"
kek=$(head -c 32 /dev/urandom | base64)

dotnet build -c Release Portal -v q >/dev/null
common=(Database__Provider=PostgreSql "ConnectionStrings__Portal=$connection" Security__KeyEncryptionKey=$kek
    Attachments__Path=$work/attachments Security__KeysPath=$work/keys Limits__ObjectionsPerHourPerAddress=100000000
    Logging__LogLevel__Default=Warning)
portal() { # port, environment, then more settings
    local port=$1 environment=$2; shift 2
    env "${common[@]}" "$@" ASPNETCORE_ENVIRONMENT=$environment ASPNETCORE_URLS=http://127.0.0.1:$port Portal__PublicBaseUrl=http://127.0.0.1:$port \
        dotnet Portal/bin/Release/net10.0/Portal.dll > "$work/portal-$port.log" 2>&1 &
    echo $!
}

# The demo district (2,000 households and its announcements) is seeded once, in Development; then both instances run in Production.
seeder=$(portal 5090 Development Demo__Seed=true Demo__StaffPassword=bench-password-0)
healthy 5090 "$work/portal-5090.log"
kill $seeder; wait $seeder 2>/dev/null || true
a=$(portal 5091 Production)
b=$(portal 5092 Production)
nginx=""
trap 'kill $a $b $nginx 2>/dev/null || true' EXIT
healthy 5091 "$work/portal-5091.log"
healthy 5092 "$work/portal-5092.log"

# The largest open announcement.
page=$(psql -d $database -Atc "SELECT Id FROM Announcement WHERE Status = 'Published' AND PeriodEnd >= CURRENT_DATE ORDER BY EntryCount DESC, Id LIMIT 1")
curl -sf "http://127.0.0.1:5091/announcements/$page" -o "$work/html/announcement.html"
start_nginx "$work" 8090 8091 5091 5092
echo "HTML: $(wc -c < "$work/html/announcement.html") bytes, announcement $page"

rm -f "$work"/acknowledged.*
write_submit_lua $page

for url in "http://127.0.0.1:5091/announcements/$page" "http://127.0.0.1:5092/announcements/$page"; do
    for i in 1 2 3; do curl -sf "$url" -o /dev/null; done
done
run "nginx, the announcement HTML as a static file" "http://127.0.0.1:8090/announcement.html"
run "one instance: /announcements/$page" "http://127.0.0.1:5091/announcements/$page"
run "two instances behind nginx: /announcements/$page" "http://127.0.0.1:8091/announcements/$page"
run "one instance: POST /api/v1/objections" -s "$work/submit.lua" "http://127.0.0.1:5091/api/v1/objections"
sleep 1
run "two instances behind nginx: POST /api/v1/objections" -s "$work/submit.lua" "http://127.0.0.1:8091/api/v1/objections"
run "nginx again, after the portals run" "http://127.0.0.1:8090/announcement.html"

sort -u "$work"/acknowledged.* > "$work/acknowledged.txt"
psql -d $database -Atc 'SELECT CaseNumber FROM Objection' | sort -u > "$work/stored.txt"
lost=$(comm -23 "$work/acknowledged.txt" "$work/stored.txt" | wc -l)
echo "acknowledged $(wc -l < "$work/acknowledged.txt") (each case number read from a 201), acknowledged but not stored: $lost"
[ "$lost" -eq 0 ] || { echo "FAILED: acknowledged submissions were lost"; exit 1; }
echo "audit events: $(psql -d $database -Atc 'SELECT Length FROM AuditHead')"

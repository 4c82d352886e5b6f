#!/usr/bin/env bash
# Throughput of the public announcement page (500 entries, 100,000-household database) next to nginx serving the
# same HTML bytes as a static file, in the same run, on loopback; plus the warm time of a 1,000-entry notice PDF.
# Needs: wrk, nginx, curl (apt-get install -y wrk nginx curl). Run from the repository root:
#   bash Portal.Tests/Benchmarks/announcement-page.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${BENCH_DIR:-/tmp/portal-bench}
db=$work/bench.db
duration=${BENCH_SECONDS:-15}
mkdir -p "$work/html"

if [ ! -f "$db" ]; then
    dotnet run -c Release --project Portal -- seed --households 100000 --database "$db" --announcements 500,1000 | tee "$work/seed.log"
fi
page=$(grep -o '500-entry announcement: /announcements/[0-9]*' "$work/seed.log" | grep -o '[0-9]*$')
notice=$(grep -o '1,000-entry announcement: /announcements/[0-9]*' "$work/seed.log" | grep -o '[0-9]*$')

dotnet build -c Release Portal -v q >/dev/null
ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS=http://127.0.0.1:5080 \
ConnectionStrings__Portal="Data Source=$db" Security__KeysPath="$work/keys" Logging__LogLevel__Default=Warning \
    dotnet Portal/bin/Release/net10.0/Portal.dll > "$work/portal.log" 2>&1 &
portal=$!
trap 'kill $portal 2>/dev/null; nginx -c "$work/nginx.conf" -s stop 2>/dev/null || true' EXIT
until curl -sf http://127.0.0.1:5080/healthz >/dev/null; do sleep 0.2; done

curl -sf "http://127.0.0.1:5080/announcements/$page" -o "$work/html/announcement.html"
cat > "$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    server {
        listen 127.0.0.1:8080;
        root $work/html;
        location / { default_type "text/html; charset=utf-8"; }
    }
}
NGINX
nginx -c "$work/nginx.conf"

echo "HTML: $(wc -c < "$work/html/announcement.html") bytes, $(grep -o '<tr' "$work/html/announcement.html" | wc -l) table rows"
for i in 1 2 3; do curl -sf "http://127.0.0.1:5080/announcements/$page" -o /dev/null; done
echo "== portal /announcements/$page"
wrk -t2 -c32 -d"${duration}s" --latency "http://127.0.0.1:5080/announcements/$page"
echo "== nginx, the same bytes as a static file"
wrk -t2 -c32 -d"${duration}s" --latency "http://127.0.0.1:8080/announcement.html"

# A new query string each time misses the output cache, so every timed request builds the PDF again.
echo "== 1,000-entry notice PDF (/announcements/$notice/notice.pdf), built afresh: 3 warm-up requests then 10 timed"
for i in 1 2 3; do curl -sf "http://127.0.0.1:5080/announcements/$notice/notice.pdf?warm=$i" -o /dev/null; done
for i in $(seq 10); do curl -sf -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:5080/announcements/$notice/notice.pdf?run=$i"; done \
    | sort -n | awk '{a[NR]=$1} END {printf "notice.pdf: min %.3f s, median %.3f s, max %.3f s\n", a[1], a[int((NR+1)/2)], a[NR]}'

#!/usr/bin/env bash
# Bytes on the wire (issue 19, README Performance): what a phone downloads for the announcement list, a 50-entry and a
# 500-entry announcement on its first visit (the page and everything it loads: the stylesheet, the icon) and on a
# repeat visit (the page asked again with its ETag; the stylesheet and icon have fingerprinted addresses kept for a year
# and are not asked again). Counted as curl counts them: request and response headers and the body as sent
# (Accept-Encoding "gzip, deflate, br", as Chrome and WeChat's browser ask). Seeds, once, into BENCH_DIR (default
# /tmp/portal-wire) a 100,000-household database with a 50- and a 500-entry announcement.
#   bash Portal.Tests/Benchmarks/wire.sh      # needs curl
set -euo pipefail
cd "$(dirname "$0")/../.."
source Portal.Tests/Benchmarks/wrk-common.sh
work=${BENCH_DIR:-/tmp/portal-wire}
mkdir -p "$work"
db=$work/wire.db
# Published, as a deployment is: the stylesheet and icon are served from wwwroot with their precompressed copies.
dotnet publish -c Release Portal -o "$work/publish" -v q >/dev/null
portal_dll=$work/publish/Portal.dll
if [ ! -s "$work/seed.log" ]; then
    rm -f "$db"*
    dotnet $portal_dll seed --households 100000 --database "$db" --announcements 50,500 > "$work/seed.log"
fi
small=$(grep -o ' 50-entry announcement: /announcements/[0-9]*' "$work/seed.log" | grep -o '[0-9]*$')
large=$(grep -o '500-entry announcement: /announcements/[0-9]*' "$work/seed.log" | grep -o '[0-9]*$')
env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS=http://127.0.0.1:5096 Portal__PublicBaseUrl=http://127.0.0.1:5096 \
    "ConnectionStrings__Portal=Data Source=$db" Security__KeysPath=$work/keys Attachments__Path=$work/attachments \
    ForwardedHeaders__KnownProxies__0=127.0.0.1 Logging__LogLevel__Default=Warning dotnet $portal_dll --contentRoot "$work/publish" > "$work/portal.log" 2>&1 &
portal=$!
trap "kill $portal 2>/dev/null || true" EXIT
healthy 5096 "$work/portal.log"
base=http://127.0.0.1:5096
ask=(-s -H "X-Forwarded-Proto: https" -H "Accept-Encoding: gzip, deflate, br")

# fetch URL [ETAG]: the status, what went over the wire (request, response headers and body as sent) and the body's bytes.
fetch() {
    local extra=()
    [ -z "${2:-}" ] || extra=(-H "If-None-Match: $2")
    curl "${ask[@]}" "${extra[@]}" -o /dev/null -w '%{http_code} %{size_request} %{size_header} %{size_download}\n' "$1" | awk '{ print $1, $2 + $3 + $4, $4 }'
}

echo "| page | first visit | repeat visit |"
echo "|---|---|---|"
for path in /announcements /announcements/$small /announcements/$large; do
    curl "${ask[@]}" -o /dev/null "$base$path"   # the first request builds the page; a visitor usually finds it cached
    html=$(curl -s -H "X-Forwarded-Proto: https" "$base$path")
    etag=$(curl "${ask[@]}" -D - -o /dev/null "$base$path" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" { print $2 }')
    read -r code first body < <(fetch "$base$path")
    # The page's own links (<base href="/">: relative to the root).
    for asset in $(echo "$html" | grep -o '<link [^>]*href="[^"]*"' | grep -o 'href="[^"]*"' | cut -d'"' -f2); do
        read -r code wire body < <(fetch "$base/${asset#/}")
        [ "$code" = 200 ] && [ "$body" -gt 0 ] || { echo "FAILED: $asset answered $code with $body bytes"; exit 1; }
        first=$((first + wire))
    done
    read -r code repeat body < <(fetch "$base$path" "$etag")
    [ "$code" = 304 ] || { echo "FAILED: $path with its ETag answered $code"; exit 1; }
    printf '| `%s` | %s bytes | %s bytes (304) |\n' "$path" "$first" "$repeat"
done

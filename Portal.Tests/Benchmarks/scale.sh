#!/usr/bin/env bash
# The scale benchmark (issue 18, README Performance): a province on one machine. Builds once, for each engine, a database
# with 1,000,000 households, the 500- and 5,000-entry announcements and 10,000,000 audit events (the portal's own seed
# command), then starts the portal on it with the page cache off (PublicPages:CacheSeconds=0) and times each budgeted
# request: p95 over 50 sequential requests after 5 warm-ups, on loopback; publishes one more 5,000-entry announcement (the
# publish command) while it reads /announcements, and times the staff pages' queries through the stores (staff/staff.cs).
# Prints each figure next to its budget.
# Needs: curl; for PostgreSQL, PORTAL_BENCH_POSTGRES (an Npgsql connection string to a server where a database may be
# created), without which only SQLite runs:
#   PORTAL_BENCH_POSTGRES="Host=127.0.0.1;Port=55432;Username=portal_ci;Password=dev" bash Portal.Tests/Benchmarks/scale.sh
# HOUSEHOLDS and AUDIT_EVENTS set a smaller size for a quick run; BENCH_DIR (default /tmp/portal-scale) keeps the
# databases between runs (delete it to build them again); BENCH_DATABASE (default portal_scale) names the PostgreSQL one.
set -euo pipefail
cd "$(dirname "$0")/../.."
source Portal.Tests/Benchmarks/wrk-common.sh
work=${BENCH_DIR:-/tmp/portal-scale}
pg_database=${BENCH_DATABASE:-portal_scale}
households=${HOUSEHOLDS:-1000000}
events=${AUDIT_EVENTS:-10000000}
mkdir -p "$work"
kek=$(cat "$work/kek" 2>/dev/null || head -c 32 /dev/urandom | base64 | tee "$work/kek")
dotnet build -c Release Portal -v q >/dev/null
portal_dll=Portal/bin/Release/net10.0/Portal.dll

# Requests come as through the TLS proxy a deployment has in front (README, Deployment), so that the pages with a form
# render as they do there, not as the plain-HTTP refusal.
proxied="X-Forwarded-Proto: https"

# p95 URL: the 48th of 50 sorted times, in ms; any answer but 200 stops the benchmark.
p95() {
    for i in $(seq 5); do curl -s -o /dev/null -H "$proxied" "$1"; done
    for i in $(seq 50); do
        curl -s -o /dev/null -H "$proxied" -w '%{http_code} %{time_total}\n' "$1"
    done > "$work/times"
    if grep -qv '^200 ' "$work/times"; then echo "FAILED: $1 answered $(grep -v '^200 ' "$work/times" | head -1)"; exit 1; fi
    awk '{print $2 * 1000}' "$work/times" | sort -n | sed -n 48p
}

row() { # engine, what, figure, budget[, unit]; a failed measurement (p95's message) stops the benchmark
    [[ $3 =~ ^[0-9.]+$ ]] || { echo "$3"; exit 1; }
    local verdict=ok unit=${5:-ms}
    awk -v v="$3" -v b="$4" 'BEGIN { exit !(v > b) }' && verdict=OVER
    printf '| %-10s | %-58s | %9.1f %-3s | %6s %-3s | %-4s |\n' "$1" "$2" "$3" "$unit" "$4" "$unit" "$verdict" | tee -a "$work/table.md"
}

measure() { # engine name, database arguments (as for seed), then the portal's settings
    local engine=$1 target=$2; shift 2
    # A database built by an older portal is brought up to date first, so the portal does not start with a migration.
    env "$@" dotnet $portal_dll verify-audit $target > /dev/null
    env "$@" ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS=http://127.0.0.1:5095 Portal__PublicBaseUrl=http://127.0.0.1:5095 \
        PublicPages__CacheSeconds=0 ForwardedHeaders__KnownProxies__0=127.0.0.1 Logging__LogLevel__Default=Warning dotnet $portal_dll > "$work/portal-$engine.log" 2>&1 &
    local portal=$!
    trap "kill $portal 2>/dev/null || true" EXIT
    healthy 5095 "$work/portal-$engine.log"
    local base=http://127.0.0.1:5095
    local large=$(cat "$work/$engine.500") township=511903100000
    local village=$(curl -s "$base/api/v1/announcements/$large" | grep -o '"regionCode":"[0-9]*"' | head -1 | grep -o '[0-9]\{12\}')
    local name=$(curl -s "$base/api/v1/announcements/$large" | grep -o '"subject":"[^"]*"' | sed -n 7p | cut -d'"' -f4)
    local encoded=$(printf %s "$name" | curl -Gso /dev/null -w '%{url_effective}' --data-urlencode "q=$name" http://x/ | cut -d'?' -f2)
    # The seed's own figure for the households alone, from when the database was built.
    local seeded=$(grep -o 'Households written in [0-9.]*' "$work/seed-$engine.log" 2>/dev/null | awk '{print $4}')
    [ -z "$seeded" ] || row $engine "seed $households households (seed command, once)" "$seeded" 180 s
    row $engine "/" "$(p95 $base/)" 100
    row $engine "/announcements" "$(p95 $base/announcements)" 100
    row $engine "/announcements?township=…&kind=Exit" "$(p95 "$base/announcements?township=$township&kind=Exit")" 100
    row $engine "/announcements?q=$name (head of household)" "$(p95 "$base/announcements?$encoded")" 100
    row $engine "/announcements/{id} (500 entries)" "$(p95 $base/announcements/$large)" 100
    row $engine "/villages/$village" "$(p95 $base/villages/$village)" 100
    row $engine "/statistics" "$(p95 $base/statistics)" 100
    row $engine "/audit" "$(p95 $base/audit)" 100
    row $engine "GET /api/v1/audit/verify (what is new)" "$(p95 $base/api/v1/audit/verify)" 1000
    # One more 5,000-entry announcement, published while the list is read: the publication's time (the command's own
    # figure, the draft and its publication) and the slowest read made meanwhile.
    env "$@" dotnet $portal_dll publish --entries 5000 $target > "$work/publish-$engine.log" 2>&1 &
    local publisher=$!
    : > "$work/during"
    while kill -0 $publisher 2>/dev/null; do curl -s -o /dev/null -H "$proxied" -w '%{time_total}\n' "$base/announcements" >> "$work/during"; done
    wait $publisher || { cat "$work/publish-$engine.log"; exit 1; }
    row $engine "publish a 5,000-entry announcement (draft and publication)" "$(grep -o 'in [0-9.]* s (draft' "$work/publish-$engine.log" | awk '{print $2 * 1000}')" 2000
    row $engine "slowest /announcements read while it was published" "$(awk '{print $1 * 1000}' "$work/during" | sort -n | tail -1)" 100
    # An import of 100,000 new households through the portal's importer (Benchmarks/import/import.cs: the preview, then
    # the write in one transaction), while the list and a village page are read: its own figures and the slowest read.
    dotnet build -c Release -v q Portal.Tests/Benchmarks/import/import.cs > /dev/null
    env "$@" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning dotnet run --no-build -c Release Portal.Tests/Benchmarks/import/import.cs -- \
        --households 100000 $target > "$work/import-$engine.tsv" 2> "$work/import-$engine.log" &
    local importer=$!
    : > "$work/during"
    while kill -0 $importer 2>/dev/null; do
        for path in /announcements /villages/$village; do
            printf '%s ' "$(date +%s.%N)" >> "$work/during"
            curl -s -o /dev/null -H "$proxied" -w "%{time_total} $path\n" "$base$path" >> "$work/during"
        done
    done
    wait $importer || { cat "$work/import-$engine.log"; exit 1; }
    while IFS=$'\t' read -r what figure; do
        case $what in
            *memory*) row $engine "$what" "$figure" 200 MiB ;;
            *whole*) row $engine "$what" "$figure" 60 s ;;
            *) printf '| %-10s | %-58s | %9.1f s   |        -    |      |\n' $engine "$what" "$figure" | tee -a "$work/table.md" ;;
        esac
    done < "$work/import-$engine.tsv"
    # The slowest reads, with when they started, are kept beside the import's own times (import-ENGINE.log).
    sort -k2 -n "$work/during" | tail -5 > "$work/during-import-$engine"
    row $engine "slowest /announcements or village read while it was imported" "$(awk '{print $2 * 1000}' "$work/during" | sort -n | tail -1)" 100
    # Memory after at least 10,000 page views of the pages above in turn (wrk, four connections): the resident set.
    cat > "$work/mixed.lua" <<LUA
paths = { "/", "/announcements", "/announcements?township=$township&kind=Exit", "/announcements?$encoded", "/announcements/$large",
          "/villages/$village", "/statistics", "/audit", "/api/v1/announcements/$large" }
i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], { ["X-Forwarded-Proto"] = "https" })
end
LUA
    local views=0
    while [ $views -lt 10000 ]; do
        views=$((views + $(wrk -t2 -c4 -d10s -s "$work/mixed.lua" "$base" | awk '/requests in/ { print $1 }')))
    done
    row $engine "resident memory after $views page views" "$(awk '/VmRSS/ { print $2 / 1024 }' /proc/$portal/status)" 400 MiB
    kill $portal; wait $portal 2>/dev/null || true
    trap - EXIT
    # The staff pages' queries, through the portal's stores (Benchmarks/staff/staff.cs).
    env "$@" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning dotnet run -c Release Portal.Tests/Benchmarks/staff/staff.cs -- $target \
        > "$work/staff-$engine.tsv"
    while IFS=$'\t' read -r what ms; do row $engine "staff: $what" "$ms" 200; done < "$work/staff-$engine.tsv"
}

# seed ENGINE DATABASE-ARGUMENTS SETTINGS...: the seed command's output kept; the announcement ids and the publication time
# read from it. DATABASE-ARGUMENTS is "--database FILE" for SQLite, "" for the server database the settings name.
seed() {
    local engine=$1 target=$2; shift 2
    env "$@" dotnet $portal_dll seed $target --households $households --announcements 500,5000 --audit-events $events | tee "$work/seed-$engine.log"
    grep -o '500-entry announcement: /announcements/[0-9]*' "$work/seed-$engine.log" | grep -o '[0-9]*$' > "$work/$engine.500"
    # The full re-verification once, as the daily round would, so the portal does not start with it.
    env "$@" dotnet $portal_dll verify-audit $target | tee -a "$work/seed-$engine.log"
}

: > "$work/table.md"
echo "| engine     | request ($households households, $events audit events)          |   p95      | budget    |      |" | tee -a "$work/table.md"
echo "|------------|------------------------------------------------------------|------------|-----------|------|" | tee -a "$work/table.md"

sqlite=(Database__Provider=Sqlite "ConnectionStrings__Portal=Data Source=$work/scale.db" Security__KeysPath=$work/keys Attachments__Path=$work/attachments)
[ -s "$work/sqlite.500" ] || { rm -f "$work"/scale.db*; seed sqlite "--database $work/scale.db" "${sqlite[@]}"; }
measure sqlite "--database $work/scale.db" "${sqlite[@]}"

if [ -n "${PORTAL_BENCH_POSTGRES:-}" ]; then
    field() { echo "$PORTAL_BENCH_POSTGRES" | tr ';' '\n' | awk -F= -v k="$1" 'tolower($1) == tolower(k) { print $2 }'; }
    export PGHOST=$(field Host) PGPORT=$(field Port) PGUSER=$(field Username) PGPASSWORD=$(field Password)
    postgres=(Database__Provider=PostgreSql "ConnectionStrings__Portal=$PORTAL_BENCH_POSTGRES;Database=$pg_database" Security__KeyEncryptionKey=$kek
        Attachments__Path=$work/attachments)
    if [ ! -s "$work/postgresql.500" ]; then
        psql -d postgres -qc "DROP DATABASE IF EXISTS $pg_database"
        psql -d postgres -qc "CREATE DATABASE $pg_database"
        seed postgresql "" "${postgres[@]}"
    fi
    measure postgresql "" "${postgres[@]}"
else
    echo "PORTAL_BENCH_POSTGRES is not set: PostgreSQL not measured." | tee -a "$work/table.md"
fi
echo "Table in $work/table.md"

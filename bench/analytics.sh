#!/usr/bin/env bash
# Results benchmarks (issue 16), on the targets benchmark's company (BENCH_REPS reps, one
# owning half of everything; BENCH_OPPORTUNITIES deals with three years of history;
# customers whose names share 科技 and 有限公司): every analytics report, the dashboard and
# the search box under load beside the same grouping or search straight on the database,
# then BENCH_IMPORT_ROWS deals (default 200,000) imported with history from a Salesforce
# export into a fresh tenant beside the raw inserts of the same rows.
#   BENCH_DB=sqlite (default) or postgres. Seeded data is cached (shared with targets.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
release="${CARGO_TARGET_DIR:-target}/release"
REPS="${BENCH_REPS:-1000}"
OPPS="${BENCH_OPPORTUNITIES:-1000000}"
PAYMENTS="${BENCH_PAYMENTS:-1000000}"
IMPORT_ROWS="${BENCH_IMPORT_ROWS:-200000}"
ENGINE="${BENCH_DB:-sqlite}"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-4}"
command -v wrk >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release -q -p closer -p closer-bench
bin="$release"/closer
name="targets2-$REPS-$OPPS-$PAYMENTS"
case "$ENGINE" in
  sqlite)
    cache="bench/cache/$name"; db_url="sqlite://$cache/closer.db"; place=(--data-dir "$cache") ;;
  postgres)
    pg="closer_bench_targets2_${REPS}_${OPPS}_${PAYMENTS}"; cache="bench/cache/$name-pg"
    db_url="postgres://postgres@127.0.0.1:5432/$pg"; place=(--database-url "$db_url" --data-dir "$cache") ;;
  *) echo "BENCH_DB is sqlite or postgres" >&2; exit 2 ;;
esac
if [ ! -f "$cache/ready" ]; then
  rm -rf "$cache" && mkdir -p "$cache"
  if [ "$ENGINE" = postgres ]; then
    psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $pg" -c "CREATE DATABASE $pg"
  fi
  "$bin" tenant create --slug bench --name "Bench 基准" --admin-email admin@bench.example.com --admin-password bench-password "${place[@]}" >/dev/null
  echo "seeding $REPS reps, $OPPS opportunities and $PAYMENTS payments on $ENGINE (once; cached)…"
  start=$(date +%s)
  "$release"/closer-seed-targets "$db_url" "$REPS" "$OPPS" "$PAYMENTS"
  echo "seeded in $(( $(date +%s) - start )) s"
  if [ "$ENGINE" = postgres ]; then psql -q -h 127.0.0.1 -U postgres -d "$pg" -c "VACUUM ANALYZE"; fi
  touch "$cache/ready"
fi
# The schema may have moved on since the data was seeded.
"$bin" migrate "${place[@]}" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
CLOSER_LOG=warn "$bin" serve "${place[@]}" --addr "127.0.0.1:$port" >"$cache/server.log" 2>&1 & pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf "$url/readyz" >/dev/null; do sleep 0.05; done
curl -s -c "$cache/c-admin" -H 'content-type: application/json' \
  -d '{"tenant":"bench","email":"admin@bench.example.com","password":"bench-password"}' "$url/api/v1/auth/login" >/dev/null
cookie=$(awk '$6=="closer_session" {print $7}' "$cache/c-admin")
load() {
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "Cookie: closer_session=$cookie" "$url$1" >"$cache/wrk.txt"
  awk '/Requests\/sec/ {rps=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} /Non-2xx/ {bad=$5} END {printf "%.0f %s %s %s\n", rps, p50, p99, bad+0}' "$cache/wrk.txt"
}
ms() { case "$1" in *us) awk -v v="${1%us}" 'BEGIN{printf "%.2f", v/1000}';; *ms) echo "${1%ms}";; *s) awk -v v="${1%s}" 'BEGIN{printf "%.2f", v*1000}';; *) echo "$1";; esac; }
won=$(curl -s -b "$cache/c-admin" "$url/api/v1/analytics/pipeline" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"]["won_amount"]["amount"])')
paths=(
  "/api/v1/analytics/pipeline?group_by=month"
  "/api/v1/analytics/pipeline?group_by=owner"
  "/api/v1/analytics/pipeline?group_by=product_line"
  "/api/v1/analytics/efficiency?group_by=owner"
  "/api/v1/analytics/efficiency?group_by=department&period=$(date +%Y)"
  "/api/v1/analytics/campaign-roi"
  "/api/v1/analytics/win-loss"
  "/api/v1/analytics/regions"
  "/api/v1/dashboards"
  "/api/v1/search?q=%E7%A7%91%E6%8A%80"
)
results=()
for path in "${paths[@]}"; do
  read -r rps p50 p99 bad <<<"$(load "$path")"
  results+=("$(printf '| `%s` | %s | %s ms | %s ms | %s |' "$path" "$rps" "$(ms "$p50")" "$(ms "$p99")" "$bad")")
done
kill "$pid"; wait "$pid" 2>/dev/null || true
read -r rpipe_rps rpipe_p50 rpipe_p99 <<<"$("$release"/closer-raw-analytics pipeline "$db_url" "$SECONDS_PER_RUN" "$CONNECTIONS")"
read -r reff_rps reff_p50 reff_p99 <<<"$("$release"/closer-raw-analytics efficiency "$db_url" "$SECONDS_PER_RUN" "$CONNECTIONS")"
read -r rs_rps rs_p50 rs_p99 <<<"$("$release"/closer-raw-analytics search "$db_url" "$SECONDS_PER_RUN" "$CONNECTIONS")"

# The import: a Salesforce export of IMPORT_ROWS deals, a tenth open, into a fresh tenant.
slug="imp$(date +%s)"
"$bin" tenant create --slug "$slug" --name "Import 导入" --admin-email "admin@$slug.example.com" --admin-password bench-password "${place[@]}" >/dev/null
python3 - "$cache/import.csv" "$IMPORT_ROWS" <<'PY'
import csv, datetime, sys
path, n = sys.argv[1], int(sys.argv[2])
today = datetime.date.today()
with open(path, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["Opportunity Name", "Account Name", "Amount", "Stage", "Close Date", "Created Date", "Opportunity Owner", "Product"])
    for i in range(n):
        created = today - datetime.timedelta(days=30 + i % 1000)
        closed = created + datetime.timedelta(days=5 + i % 60)
        stage = ["Closed Won", "Closed Lost", "Closed Won", "initial_contact", "Closed Lost"][i % 5] if i % 10 else "quotation"
        close = closed if closed < today else today
        w.writerow([f"导入商机 {i}", f"华东{i % 5000}科技有限公司", f"{(i % 997) * 1000 + 12.34:.2f}", stage, close.isoformat(), created.isoformat(), "", ""])
PY
start=$(date +%s.%N)
"$bin" import opportunities "$cache/import.csv" --tenant "$slug" "${place[@]}" >"$cache/import.out"
import_s=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.1f", e-s}')
import_rate=$(awk -v n="$IMPORT_ROWS" -v s="$import_s" 'BEGIN{printf "%.0f", n/s}')
raw_import=$("$release"/closer-raw-analytics import "$db_url" "$IMPORT_ROWS")

echo
echo "Closer results benchmark — $ENGINE, $(nproc) cores; $REPS reps, $OPPS opportunities (won all time: ¥$won), $CONNECTIONS connections"
echo
echo "| request | req/s | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|"
printf '%s\n' "${results[@]}"
echo
echo "| raw database, same work | req/s | p50 | p99 |"
echo "|---|---|---|---|"
echo "| pipeline: closed deals by month and outcome, open by close date | $rpipe_rps | $rpipe_p50 ms | $rpipe_p99 ms |"
echo "| efficiency: deals by owner and outcome, won deals' dates | $reff_rps | $reff_p50 ms | $reff_p99 ms |"
echo "| search: 科技 in customers and deals, 5 each | $rs_rps | $rs_p50 ms | $rs_p99 ms |"
echo
echo "Import of $IMPORT_ROWS deals with history: ${import_s} s, $import_rate rows/s (raw inserts of the same rows: $raw_import rows/s) — $(cat "$cache/import.out")"

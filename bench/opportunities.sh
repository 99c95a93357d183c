#!/usr/bin/env bash
# Opportunity benchmarks (issue 5): with BENCH_OPPORTUNITIES opportunities (default 200,000;
# 1000000 for the issue's figure) and about 3 stage changes each — the forecast for the
# tenant and for one department (a sales region holding two of the six owners), the kanban's
# first page of one stage, and the learned win rates — each beside the raw SQL of the same
# work: the scan the figures would need without the maintained totals, and the read of the
# totals themselves — and how long the forecast accuracy of the last six months takes.
#   BENCH_DB=sqlite (default) or postgres (a database on 127.0.0.1:5432, user postgres,
#   made once per size and kept). Seeded data is cached either way.
set -euo pipefail
cd "$(dirname "$0")/.."
# Binaries come from where cargo puts them (CARGO_TARGET_DIR when set).
release="${CARGO_TARGET_DIR:-target}/release"
OPPS="${BENCH_OPPORTUNITIES:-200000}"
ENGINE="${BENCH_DB:-sqlite}"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-4}"
command -v wrk >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release -q -p closer -p closer-bench
bin="$release"/closer
case "$ENGINE" in
  sqlite)
    cache="bench/cache/opportunities-$OPPS"
    work=bench/cache/opportunities-work
    db_url="sqlite://$work/closer.db"
    seed_url="sqlite://$cache/closer.db"
    place=(--data-dir "$cache")
    ;;
  postgres)
    pg_db="closer_bench_opportunities_$OPPS"
    cache="bench/cache/opportunities-pg-$OPPS"
    work=bench/cache/opportunities-pg-work
    db_url="postgres://postgres@127.0.0.1:5432/$pg_db"
    seed_url="$db_url"
    place=(--database-url "$db_url" --data-dir "$cache")
    ;;
  *) echo "BENCH_DB is sqlite or postgres" >&2; exit 2 ;;
esac
if [ ! -f "$cache/ready" ]; then
  rm -rf "$cache" && mkdir -p "$cache"
  if [ "$ENGINE" = postgres ]; then
    psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $pg_db" -c "CREATE DATABASE $pg_db"
  fi
  "$bin" tenant create --slug bench --name "Bench 基准" --admin-email admin@bench.example.com --admin-password bench-password "${place[@]}" >/dev/null
  for i in 1 2 3 4 5; do
    "$bin" user add --tenant bench --email "rep$i@bench.example.com" --name "Rep $i" --role sales_rep --password bench-password "${place[@]}" >/dev/null
  done
  echo "seeding $OPPS opportunities with their stage changes on $ENGINE (once; cached)…"
  start=$(date +%s)
  "$release"/closer-seed-opportunities "$seed_url" "$OPPS"
  echo "seeded in $(( $(date +%s) - start )) s"
  if [ "$ENGINE" = postgres ]; then psql -q -h 127.0.0.1 -U postgres -d "$pg_db" -c "VACUUM ANALYZE"; fi
  touch "$cache/ready"
fi
rm -rf "$work" && cp -r "$cache" "$work"
if [ "$ENGINE" = postgres ]; then place=(--database-url "$db_url" --data-dir "$work"); else place=(--data-dir "$work"); fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
CLOSER_LOG=warn "$bin" serve "${place[@]}" --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 & pid=$!
until curl -sf "$url/readyz" >/dev/null; do sleep 0.05; done
curl -s -c "$work/cookies" -H 'content-type: application/json' \
  -d '{"tenant":"bench","email":"admin@bench.example.com","password":"bench-password"}' "$url/api/v1/auth/login" >/dev/null
cookie=$(awk '$6=="closer_session" {print $7}' "$work/cookies")
get() { curl -s -b "$work/cookies" "$url$1"; }
dept=$(get "/api/v1/departments" | python3 -c 'import json,sys; print([d["id"] for d in json.load(sys.stdin)["items"] if d["name"].startswith("华东")][0])')
quotation=$(get "/api/v1/sales-processes" | python3 -c 'import json,sys; print([s["id"] for s in json.load(sys.stdin)["items"][0]["stages"] if s["key"]=="quotation"][0])')
load() {
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "Cookie: closer_session=$cookie" "$url$1" >"$work/wrk.txt"
  awk '/Requests\/sec/ {rps=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} /Non-2xx/ {bad=$5} END {printf "%.0f %s %s %s\n", rps, p50, p99, bad+0}' "$work/wrk.txt"
}
ms() { case "$1" in *us) awk -v v="${1%us}" 'BEGIN{printf "%.2f", v/1000}';; *ms) echo "${1%ms}";; *s) awk -v v="${1%s}" 'BEGIN{printf "%.2f", v*1000}';; *) echo "$1";; esac; }
read -r f_rps f_p50 f_p99 f_bad <<<"$(load "/api/v1/forecast")"
read -r d_rps d_p50 d_p99 d_bad <<<"$(load "/api/v1/forecast?department_id=$dept")"
read -r k_rps k_p50 k_p99 k_bad <<<"$(load "/api/v1/opportunities?stage_id=$quotation")"
get "/api/v1/forecast/learned-win-rates" >/dev/null
learned_ms=()
for _ in 1 2 3; do
  start=$(date +%s%N)
  get "/api/v1/forecast/learned-win-rates" >/dev/null
  learned_ms+=($(( ($(date +%s%N) - start) / 1000000 )))
done
accuracy_ms=()
for _ in 1 2 3; do
  start=$(date +%s%N)
  get "/api/v1/forecast/accuracy" >/dev/null
  accuracy_ms+=($(( ($(date +%s%N) - start) / 1000000 )))
done
kill "$pid"; wait "$pid" 2>/dev/null || true
raw() { "$release"/closer-raw-opps "$1" "$db_url" "$SECONDS_PER_RUN" "$CONNECTIONS"; }
read -r rs_rps rs_p50 rs_p99 <<<"$(raw forecast-scan)"
read -r rt_rps rt_p50 rt_p99 <<<"$(raw forecast-totals)"
read -r rk_rps rk_p50 rk_p99 <<<"$(raw kanban)"
raw_learned_scan=$(raw learned-scan-once)
raw_learned_counts=$(raw learned-counts-once)

echo
echo "Closer opportunity benchmark — $ENGINE, $(nproc) cores; $OPPS opportunities with their stage changes"
printf '%-52s %9s %9s %9s %8s\n' "request (wrk -c$CONNECTIONS, ${SECONDS_PER_RUN}s)" "req/s" "p50 ms" "p99 ms" "non-2xx"
printf '%-52s %9s %9s %9s %8s\n' "forecast, whole tenant" "$f_rps" "$(ms "$f_p50")" "$(ms "$f_p99")" "$f_bad"
printf '%-52s %9s %9s %9s %8s\n' "forecast, one department (2 of 6 owners)" "$d_rps" "$(ms "$d_p50")" "$(ms "$d_p99")" "$d_bad"
printf '%-52s %9s %9s %9s\n' "  raw DB: per-stage aggregate scanning the deals" "$rs_rps" "$rs_p50" "$rs_p99"
printf '%-52s %9s %9s %9s\n' "  raw DB: same figures from the maintained totals" "$rt_rps" "$rt_p50" "$rt_p99"
printf '%-52s %9s %9s %9s %8s\n' "kanban: first page of one stage" "$k_rps" "$(ms "$k_p50")" "$(ms "$k_p99")" "$k_bad"
printf '%-52s %9s %9s %9s\n' "  raw DB: same page" "$rk_rps" "$rk_p50" "$rk_p99"
echo "learned win rates: ${learned_ms[*]} ms (three calls); raw DB: scanning every stage change $raw_learned_scan ms, reading the maintained counts $raw_learned_counts ms"
echo "forecast accuracy, last 6 months: ${accuracy_ms[*]} ms (three calls)"

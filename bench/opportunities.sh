#!/usr/bin/env bash
# Opportunity benchmarks (issue 5): with BENCH_OPPORTUNITIES opportunities (default 200,000;
# 1000000 for the issue's figure) and about 3 stage changes each — the forecast for the
# tenant and for one department, the kanban's first page of one stage, and the learned win
# rates — each beside the raw SQL of the same aggregate or page. Seeded data is cached.
set -euo pipefail
cd "$(dirname "$0")/.."
OPPS="${BENCH_OPPORTUNITIES:-200000}"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-4}"
command -v wrk >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release -q -p closer -p closer-bench
bin=target/release/closer
cache="bench/cache/opportunities-$OPPS"
if [ ! -f "$cache/ready" ]; then
  rm -rf "$cache" && mkdir -p "$cache"
  "$bin" tenant create --slug bench --name "Bench 基准" --admin-email admin@bench.example.com --admin-password bench-password --data-dir "$cache" >/dev/null
  for i in 1 2 3 4 5; do
    "$bin" user add --tenant bench --email "rep$i@bench.example.com" --name "Rep $i" --role sales_rep --password bench-password --data-dir "$cache" >/dev/null
  done
  echo "seeding $OPPS opportunities with their stage changes (once; cached in $cache)…"
  target/release/closer-seed-opportunities "sqlite://$cache/closer.db" "$OPPS"
  touch "$cache/ready"
fi
work=bench/cache/opportunities-work
rm -rf "$work" && cp -r "$cache" "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
CLOSER_LOG=warn "$bin" serve --data-dir "$work" --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 & pid=$!
until curl -sf "$url/readyz" >/dev/null; do sleep 0.05; done
curl -s -c "$work/cookies" -H 'content-type: application/json' \
  -d '{"tenant":"bench","email":"admin@bench.example.com","password":"bench-password"}' "$url/api/v1/auth/login" >/dev/null
cookie=$(awk '$6=="closer_session" {print $7}' "$work/cookies")
get() { curl -s -b "$work/cookies" "$url$1"; }
dept=$(get "/api/v1/departments" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
quotation=$(get "/api/v1/sales-processes" | python3 -c 'import json,sys; print([s["id"] for s in json.load(sys.stdin)["items"][0]["stages"] if s["key"]=="quotation"][0])')
load() {
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "Cookie: closer_session=$cookie" "$url$1" >"$work/wrk.txt"
  awk '/Requests\/sec/ {rps=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} /Non-2xx/ {bad=$5} END {printf "%.0f %s %s %s\n", rps, p50, p99, bad+0}' "$work/wrk.txt"
}
ms() { case "$1" in *us) awk -v v="${1%us}" 'BEGIN{printf "%.2f", v/1000}';; *ms) echo "${1%ms}";; *s) awk -v v="${1%s}" 'BEGIN{printf "%.2f", v*1000}';; *) echo "$1";; esac; }
read -r f_rps f_p50 f_p99 f_bad <<<"$(load "/api/v1/forecast")"
read -r d_rps d_p50 d_p99 d_bad <<<"$(load "/api/v1/forecast?department_id=$dept")"
read -r k_rps k_p50 k_p99 k_bad <<<"$(load "/api/v1/opportunities?stage_id=$quotation")"
start=$(date +%s%N)
get "/api/v1/forecast/learned-win-rates" >/dev/null
learned_ms=$(( ($(date +%s%N) - start) / 1000000 ))
kill "$pid"; wait "$pid" 2>/dev/null || true
db="sqlite://$work/closer.db"
read -r rf_rps rf_p50 rf_p99 <<<"$(target/release/closer-raw forecast "$db" x "$SECONDS_PER_RUN" "$CONNECTIONS")"
read -r rk_rps rk_p50 rk_p99 <<<"$(target/release/closer-raw kanban "$db" x "$SECONDS_PER_RUN" "$CONNECTIONS")"
raw_learned_ms=$(target/release/closer-raw learned "$db" x 0 1)

echo
echo "Closer opportunity benchmark — SQLite, $(nproc) cores; $OPPS opportunities with their stage changes"
printf '%-48s %9s %9s %9s %8s\n' "request (wrk -c$CONNECTIONS, ${SECONDS_PER_RUN}s)" "req/s" "p50 ms" "p99 ms" "non-2xx"
printf '%-48s %9s %9s %9s %8s\n' "forecast, whole tenant" "$f_rps" "$(ms "$f_p50")" "$(ms "$f_p99")" "$f_bad"
printf '%-48s %9s %9s %9s %8s\n' "forecast, one department (subtree)" "$d_rps" "$(ms "$d_p50")" "$(ms "$d_p99")" "$d_bad"
printf '%-48s %9s %9s %9s\n' "  raw DB: the per-stage aggregate" "$rf_rps" "$rf_p50" "$rf_p99"
printf '%-48s %9s %9s %9s %8s\n' "kanban: first page of one stage" "$k_rps" "$(ms "$k_p50")" "$(ms "$k_p99")" "$k_bad"
printf '%-48s %9s %9s %9s\n' "  raw DB: same page" "$rk_rps" "$rk_p50" "$rk_p99"
echo "learned win rates: $learned_ms ms; raw aggregate alone: $raw_learned_ms ms"

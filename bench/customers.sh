#!/usr/bin/env bash
# Customer benchmarks (issue 4): with BENCH_CUSTOMERS customers (default 200,000), their
# BENCH_ACTIVITIES activities (1,000,000) and BENCH_LEADS leads (the lead benchmark's stored
# data; default 200,000, 1000000 for the full figure) — the 360 view and the customer list
# with filters over loopback, transferring the BENCH_TRANSFER (10,000) customers of one rep,
# and recomputing every score — each beside the raw database doing the same reads or writes.
# Seeded data is cached under bench/cache/.
set -euo pipefail
cd "$(dirname "$0")/.."
# Binaries come from where cargo puts them (CARGO_TARGET_DIR when set).
release="${CARGO_TARGET_DIR:-target}/release"
LEADS="${BENCH_LEADS:-200000}"
CUSTOMERS="${BENCH_CUSTOMERS:-200000}"
ACTIVITIES="${BENCH_ACTIVITIES:-1000000}"
TRANSFER="${BENCH_TRANSFER:-10000}"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-4}"
command -v sqlite3 >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
command -v wrk >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release -q -p closer -p closer-bench
bin="$release"/closer
leads_cache="bench/cache/leads-$LEADS"
[ -f "$leads_cache/ready" ] || BENCH_LEADS="$LEADS" BENCH_IMPORT=1000 BENCH_SECONDS=1 bash bench/leads.sh >/dev/null
cache="bench/cache/customers-$CUSTOMERS-$ACTIVITIES-$LEADS"
if [ ! -f "$cache/ready" ]; then
  rm -rf "$cache" && cp -r "$leads_cache" "$cache" && rm -f "$cache/ready"
  echo "seeding $CUSTOMERS customers and $ACTIVITIES activities (once; cached in $cache)…"
  start=$(date +%s%N)
  "$release"/closer-seed "sqlite://$cache/closer.db" "$CUSTOMERS" "$ACTIVITIES" "$TRANSFER"
  echo $(( ($(date +%s%N) - start) / 1000000 )) >"$cache/seed_ms"
  touch "$cache/ready"
fi
work=bench/cache/customers-work
rm -rf "$work" && cp -r "$cache" "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
CLOSER_LOG=warn "$bin" serve --data-dir "$work" --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 & pid=$!
until curl -sf "$url/readyz" >/dev/null; do sleep 0.05; done
csrf=$(curl -s -c "$work/cookies" -H 'content-type: application/json' \
  -d '{"tenant":"bench","email":"admin@bench.example.com","password":"bench-password"}' "$url/api/v1/auth/login" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
cookie=$(awk '$6=="closer_session" {print $7}' "$work/cookies")
get() { curl -s -b "$work/cookies" "$url$1"; }
busy=$(get "/api/v1/customers?sort=-score&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
acts=$(get "/api/v1/customers/$busy/overview" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["timeline"]))')
load() {
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "Cookie: closer_session=$cookie" "$url$1" >"$work/wrk.txt"
  awk '/Requests\/sec/ {rps=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} /Non-2xx/ {bad=$5} END {printf "%.0f %s %s %s\n", rps, p50, p99, bad+0}' "$work/wrk.txt"
}
ms() { case "$1" in *us) awk -v v="${1%us}" 'BEGIN{printf "%.2f", v/1000}';; *ms) echo "${1%ms}";; *s) awk -v v="${1%s}" 'BEGIN{printf "%.2f", v*1000}';; *) echo "$1";; esac; }
read -r ov_rps ov_p50 ov_p99 ov_bad <<<"$(load "/api/v1/customers/$busy/overview")"
list_path="/api/v1/customers?industry=%E5%88%B6%E9%80%A0%E4%B8%9A&province=%E4%B8%8A%E6%B5%B7&sort=-score"
read -r list_rps list_p50 list_p99 list_bad <<<"$(load "$list_path")"
db="sqlite://$work/closer.db"
# The raw transfer runs first and puts the customers back, so the server moves the same ones.
raw_transfer_ms=$("$release"/closer-raw transfer "$db" rep1@bench.example.com 0 1)
rep1=$(get "/api/v1/users?limit=500" | python3 -c 'import json,sys; print([u["id"] for u in json.load(sys.stdin)["items"] if u["email"].startswith("rep1@")][0])')
rep2=$(get "/api/v1/users?limit=500" | python3 -c 'import json,sys; print([u["id"] for u in json.load(sys.stdin)["items"] if u["email"].startswith("rep2@")][0])')
start=$(date +%s%N)
moved=$(curl -s -b "$work/cookies" -H "x-csrf-token: $csrf" -H 'content-type: application/json' \
  -d "{\"from_user_id\":\"$rep1\",\"to_user_id\":\"$rep2\",\"all\":true}" "$url/api/v1/customers/transfer" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin).get("transferred"))')
transfer_ms=$(( ($(date +%s%N) - start) / 1000000 ))
kill "$pid"; wait "$pid" 2>/dev/null || true
start=$(date +%s%N)
"$bin" jobs run score-recompute --data-dir "$work" >/dev/null
recompute_ms=$(( ($(date +%s%N) - start) / 1000000 ))
raw_facts_ms=$("$release"/closer-raw facts "$db" x 0 1)
read -r raw_ov_rps raw_ov_p50 raw_ov_p99 <<<"$("$release"/closer-raw overview "$db" "$busy" "$SECONDS_PER_RUN" "$CONNECTIONS")"
read -r raw_list_rps raw_list_p50 raw_list_p99 <<<"$("$release"/closer-raw customers "$db" x "$SECONDS_PER_RUN" "$CONNECTIONS")"
counts=$(sqlite3 "$work/closer.db" "select (select count(*) from customers)||' customers, '||(select count(*) from activities)||' activities, '||(select count(*) from leads)||' leads';")

echo
echo "Closer customer benchmark — SQLite, $(nproc) cores; $counts stored"
printf '%-48s %9s %9s %9s %8s\n' "request (wrk -c$CONNECTIONS, ${SECONDS_PER_RUN}s)" "req/s" "p50 ms" "p99 ms" "non-2xx"
printf '%-48s %9s %9s %9s %8s\n' "360 view ($acts timeline entries)" "$ov_rps" "$(ms "$ov_p50")" "$(ms "$ov_p99")" "$ov_bad"
printf '%-48s %9s %9s %9s\n' "  raw DB: the same reads" "$raw_ov_rps" "$raw_ov_p50" "$raw_ov_p99"
printf '%-48s %9s %9s %9s %8s\n' "customer list: industry + province, by score" "$list_rps" "$(ms "$list_p50")" "$(ms "$list_p99")" "$list_bad"
printf '%-48s %9s %9s %9s\n' "  raw DB: same page" "$raw_list_rps" "$raw_list_p50" "$raw_list_p99"
echo "transfer of one rep's $moved customers (with history): $transfer_ms ms; raw UPDATE alone: $raw_transfer_ms ms"
echo "recompute every score: $recompute_ms ms = $(awk -v n="$CUSTOMERS" -v t="$recompute_ms" 'BEGIN{printf "%.0f", n*1000/t}') customers/s; raw fact reads alone: $raw_facts_ms ms"

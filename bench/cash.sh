#!/usr/bin/env bash
# Cash benchmarks (issue 14): with BENCH_RECEIVABLES receivables (default 1,000,000; three a
# contract, over customers whose names share common words, one rep owning half) of which
# BENCH_OPEN_PERCENT (default 15) still owe, aging for the whole tenant — by customer (the
# largest 100), by owner, by department — beside the same grouping straight on the
# database; then a bank statement of BENCH_BANK_ROWS rows (default 100,000) uploaded and
# paid in with automatic write-off, beside the least the database must do for the same.
#   BENCH_DB=sqlite (default) or postgres. Seeded data is cached.
set -euo pipefail
cd "$(dirname "$0")/.."
release="${CARGO_TARGET_DIR:-target}/release"
RECEIVABLES="${BENCH_RECEIVABLES:-1000000}"
OPEN="${BENCH_OPEN_PERCENT:-15}"
BANK="${BENCH_BANK_ROWS:-100000}"
ENGINE="${BENCH_DB:-sqlite}"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-4}"
command -v wrk >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release -q -p closer -p closer-bench
bin="$release"/closer
name="cash-$RECEIVABLES-$OPEN-$BANK"
case "$ENGINE" in
  sqlite)
    cache="bench/cache/$name"; work=bench/cache/cash-work
    seed_url="sqlite://$cache/closer.db"; place=(--data-dir "$cache") ;;
  postgres)
    pg_seed="closer_bench_cash_${RECEIVABLES}_$OPEN"; pg_work="closer_bench_cash_work"
    cache="bench/cache/$name-pg"; work=bench/cache/cash-pg-work
    seed_url="postgres://postgres@127.0.0.1:5432/$pg_seed"; place=(--database-url "$seed_url" --data-dir "$cache") ;;
  *) echo "BENCH_DB is sqlite or postgres" >&2; exit 2 ;;
esac
if [ ! -f "$cache/ready" ]; then
  rm -rf "$cache" && mkdir -p "$cache"
  if [ "$ENGINE" = postgres ]; then
    psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $pg_seed" -c "CREATE DATABASE $pg_seed"
  fi
  "$bin" tenant create --slug bench --name "Bench 基准" --admin-email admin@bench.example.com --admin-password bench-password "${place[@]}" >/dev/null
  for i in 1 2 3 4 5; do
    "$bin" user add --tenant bench --email "rep$i@bench.example.com" --name "Rep $i" --role sales_rep --password bench-password "${place[@]}" >/dev/null
  done
  echo "seeding $RECEIVABLES receivables ($OPEN % owing) and a statement of $BANK rows, on $ENGINE (once; cached)…"
  start=$(date +%s)
  "$release"/closer-seed-cash "$seed_url" "$RECEIVABLES" "$OPEN" "$BANK" "$cache/bank.csv"
  echo "seeded in $(( $(date +%s) - start )) s"
  if [ "$ENGINE" = postgres ]; then psql -q -h 127.0.0.1 -U postgres -d "$pg_seed" -c "VACUUM ANALYZE"; fi
  touch "$cache/ready"
fi
# A fresh copy to work on: the statement's payments change it.
fresh() {
  rm -rf "$work" && cp -r "$cache" "$work"
  if [ "$ENGINE" = postgres ]; then
    psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $pg_work" -c "CREATE DATABASE $pg_work TEMPLATE $pg_seed"
    db_url="postgres://postgres@127.0.0.1:5432/$pg_work"; place=(--database-url "$db_url" --data-dir "$work")
  else
    db_url="sqlite://$work/closer.db"; place=(--data-dir "$work")
  fi
}
fresh
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
CLOSER_LOG=warn "$bin" serve "${place[@]}" --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 & pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf "$url/readyz" >/dev/null; do sleep 0.05; done
curl -s -c "$work/c-admin" -H 'content-type: application/json' \
  -d '{"tenant":"bench","email":"admin@bench.example.com","password":"bench-password"}' "$url/api/v1/auth/login" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])' > "$work/csrf"
cookie=$(awk '$6=="closer_session" {print $7}' "$work/c-admin"); csrf=$(cat "$work/csrf")
load() {
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "Cookie: closer_session=$cookie" "$url$1" >"$work/wrk.txt"
  awk '/Requests\/sec/ {rps=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} /Non-2xx/ {bad=$5} END {printf "%.0f %s %s %s\n", rps, p50, p99, bad+0}' "$work/wrk.txt"
}
ms() { case "$1" in *us) awk -v v="${1%us}" 'BEGIN{printf "%.2f", v/1000}';; *ms) echo "${1%ms}";; *s) awk -v v="${1%s}" 'BEGIN{printf "%.2f", v*1000}';; *) echo "$1";; esac; }
groups=$(curl -s -b "$work/c-admin" "$url/api/v1/aging?limit=1" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["rows_total"], d["total"]["total"]["amount"])')
read -r c_rps c_p50 c_p99 c_bad <<<"$(load "/api/v1/aging?group_by=customer&limit=100")"
read -r o_rps o_p50 o_p99 o_bad <<<"$(load "/api/v1/aging?group_by=owner")"
read -r d_rps d_p50 d_p99 d_bad <<<"$(load "/api/v1/aging?group_by=department")"
# The statement, uploaded and paid in; timed from the upload to the job's end.
start=$(date +%s%N)
job=$(curl -s -b "$work/c-admin" -H "x-csrf-token: $csrf" -H 'content-type: application/octet-stream' -H 'x-file-name: bank.csv' \
  --data-binary @"$work/bank.csv" "$url/api/v1/payments/imports" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
while :; do
  state=$(curl -s -b "$work/c-admin" "$url/api/v1/jobs/$job")
  status=$(echo "$state" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
  [ "$status" = done ] || [ "$status" = failed ] && break
  sleep 0.2
done
bank_ms=$(( ($(date +%s%N) - start) / 1000000 ))
result=$(echo "$state" | python3 -c 'import json,sys; r=json.load(sys.stdin)["result"] or {}; print(r.get("paid_in"), r.get("unmatched"), r.get("duplicates"), r.get("rejected"))')
kill "$pid"; wait "$pid" 2>/dev/null || true
read -r rc_rps rc_p50 rc_p99 <<<"$("$release"/closer-raw-cash aging-customer "$db_url" "$SECONDS_PER_RUN" "$CONNECTIONS")"
read -r ro_rps ro_p50 ro_p99 <<<"$("$release"/closer-raw-cash aging-owner "$db_url" "$SECONDS_PER_RUN" "$CONNECTIONS")"
fresh
raw_bank_ms=$("$release"/closer-raw-cash bank-once "$db_url" 0 1 "$work/bank.csv")
rate() { awk -v n="$BANK" -v ms="$1" 'BEGIN{printf "%.0f", n*1000/ms}'; }

echo
echo "Closer cash benchmark — $ENGINE, $(nproc) cores; $RECEIVABLES receivables, $OPEN % owing ($groups: customers owing, total owed)"
printf '%-52s %9s %9s %9s %8s\n' "request (wrk -c$CONNECTIONS, ${SECONDS_PER_RUN}s)" "req/s" "p50 ms" "p99 ms" "non-2xx"
printf '%-52s %9s %9s %9s %8s\n' "aging by customer (largest 100, totals over all)" "$c_rps" "$(ms "$c_p50")" "$(ms "$c_p99")" "$c_bad"
printf '%-52s %9s %9s %9s\n' "  raw DB: the grouping by customer alone" "$rc_rps" "$rc_p50" "$rc_p99"
printf '%-52s %9s %9s %9s %8s\n' "aging by owner" "$o_rps" "$(ms "$o_p50")" "$(ms "$o_p99")" "$o_bad"
printf '%-52s %9s %9s %9s\n' "  raw DB: the grouping by owner alone" "$ro_rps" "$ro_p50" "$ro_p99"
printf '%-52s %9s %9s %9s %8s\n' "aging by department" "$d_rps" "$(ms "$d_p50")" "$(ms "$d_p99")" "$d_bad"
echo "bank statement of $BANK rows, uploaded and paid in with write-off: $bank_ms ms = $(rate "$bank_ms") rows/s (paid in, unmatched, duplicates, rejected: $result)"
echo "  raw DB: payment + allocation + receivable update per row, batches of 2,000: $raw_bank_ms ms = $(rate "$raw_bank_ms") rows/s"

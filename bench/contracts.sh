#!/usr/bin/env bash
# Contract benchmarks (issue 13): with BENCH_CONTRACTS contracts (default 500,000) of which
# BENCH_PENDING (default 100,000) wait for approval — three in five of those in one
# manager's inbox, one rep owning half of all contracts — the manager's approvals inbox and
# the contract list filtered by status, each beside the same read straight on the database;
# then submit → approve → active end to end over HTTP (BENCH_FLOW contracts, default 3,000).
#   BENCH_DB=sqlite (default) or postgres. Seeded data is cached.
set -euo pipefail
cd "$(dirname "$0")/.."
release="${CARGO_TARGET_DIR:-target}/release"
CONTRACTS="${BENCH_CONTRACTS:-500000}"
PENDING="${BENCH_PENDING:-100000}"
FLOW="${BENCH_FLOW:-3000}"
ENGINE="${BENCH_DB:-sqlite}"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-4}"
command -v wrk >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release -q -p closer -p closer-bench
bin="$release"/closer
case "$ENGINE" in
  sqlite)
    cache="bench/cache/contracts-$CONTRACTS"; work=bench/cache/contracts-work
    db_url="sqlite://$work/closer.db"; seed_url="sqlite://$cache/closer.db"; place=(--data-dir "$cache") ;;
  postgres)
    pg_db="closer_bench_contracts_$CONTRACTS"; cache="bench/cache/contracts-pg-$CONTRACTS"; work=bench/cache/contracts-pg-work
    db_url="postgres://postgres@127.0.0.1:5432/$pg_db"; seed_url="$db_url"; place=(--database-url "$db_url" --data-dir "$cache") ;;
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
  "$bin" user add --tenant bench --email mgr@bench.example.com --name "经理 Manager" --role sales_manager --password bench-password "${place[@]}" >/dev/null
  echo "seeding $CONTRACTS contracts, $PENDING waiting for approval, on $ENGINE (once; cached)…"
  start=$(date +%s)
  "$release"/closer-seed-contracts "$seed_url" "$CONTRACTS" "$PENDING"
  echo "seeded in $(( $(date +%s) - start )) s"
  if [ "$ENGINE" = postgres ]; then psql -q -h 127.0.0.1 -U postgres -d "$pg_db" -c "VACUUM ANALYZE"; fi
  touch "$cache/ready"
fi
rm -rf "$work" && cp -r "$cache" "$work"
if [ "$ENGINE" = postgres ]; then place=(--database-url "$db_url" --data-dir "$work"); else place=(--data-dir "$work"); fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
CLOSER_LOG=warn "$bin" serve "${place[@]}" --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 & pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf "$url/readyz" >/dev/null; do sleep 0.05; done
# Signs in; prints "cookie csrf".
signin() {
  curl -s -c "$work/c-$1" -H 'content-type: application/json' \
    -d "{\"tenant\":\"bench\",\"email\":\"$1@bench.example.com\",\"password\":\"bench-password\"}" "$url/api/v1/auth/login" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])' > "$work/csrf-$1"
  echo "$(awk '$6=="closer_session" {print $7}' "$work/c-$1") $(cat "$work/csrf-$1")"
}
read -r admin_cookie admin_csrf <<<"$(signin admin)"
read -r mgr_cookie mgr_csrf <<<"$(signin mgr)"
read -r rep_cookie rep_csrf <<<"$(signin rep1)"
load() {
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "Cookie: closer_session=$2" "$url$1" >"$work/wrk.txt"
  awk '/Requests\/sec/ {rps=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} /Non-2xx/ {bad=$5} END {printf "%.0f %s %s %s\n", rps, p50, p99, bad+0}' "$work/wrk.txt"
}
ms() { case "$1" in *us) awk -v v="${1%us}" 'BEGIN{printf "%.2f", v/1000}';; *ms) echo "${1%ms}";; *s) awk -v v="${1%s}" 'BEGIN{printf "%.2f", v*1000}';; *) echo "$1";; esac; }
inbox_count=$(curl -s -b "$work/c-mgr" "$url/api/v1/approvals?mine=true&status=pending&limit=500" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')
read -r i_rps i_p50 i_p99 i_bad <<<"$(load "/api/v1/approvals?mine=true&status=pending" "$mgr_cookie")"
read -r l_rps l_p50 l_p99 l_bad <<<"$(load "/api/v1/contracts?status=in_approval" "$admin_cookie")"
# End to end: a flow asking the manager for every contract, a customer of the rep's.
mgr_id=$(curl -s -b "$work/c-mgr" "$url/api/v1/me" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("user",d)["id"])')
curl -s -b "$work/c-admin" -H "x-csrf-token: $admin_csrf" -H 'content-type: application/json' \
  -d "{\"record_type\":\"contract\",\"name\":\"bench\",\"steps\":[{\"name\":\"经理\",\"approvers\":{\"kind\":\"user\",\"user_id\":\"$mgr_id\"},\"mode\":\"any\"}]}" \
  "$url/api/v1/approval-flows" >/dev/null
customer=$(curl -s -b "$work/c-rep1" -H "x-csrf-token: $rep_csrf" -H 'content-type: application/json' \
  -d '{"name":"基准客户 Bench customer"}' "$url/api/v1/customers" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
read -r f_rate f_p50 f_p99 <<<"$("$release"/closer-contract-flow "$url" "$customer" "$FLOW" 8 "$rep_cookie" "$rep_csrf" "$mgr_cookie" "$mgr_csrf")"
kill "$pid"; wait "$pid" 2>/dev/null || true
raw() { "$release"/closer-raw-opps "$1" "$db_url" "$SECONDS_PER_RUN" "$CONNECTIONS"; }
read -r ri_rps ri_p50 ri_p99 <<<"$(raw contract-inbox)"
read -r rl_rps rl_p50 rl_p99 <<<"$(raw contract-list)"

echo
echo "Closer contract benchmark — $ENGINE, $(nproc) cores; $CONTRACTS contracts, $PENDING waiting for approval"
printf '%-52s %9s %9s %9s %8s\n' "request (wrk -c$CONNECTIONS, ${SECONDS_PER_RUN}s)" "req/s" "p50 ms" "p99 ms" "non-2xx"
printf '%-52s %9s %9s %9s %8s\n' "approvals inbox of the busiest manager (page of 50)" "$i_rps" "$(ms "$i_p50")" "$(ms "$i_p99")" "$i_bad"
printf '%-52s %9s %9s %9s\n' "  raw DB: same page of approvals" "$ri_rps" "$ri_p50" "$ri_p99"
printf '%-52s %9s %9s %9s %8s\n' "contracts in approval (status filter, page of 50)" "$l_rps" "$(ms "$l_p50")" "$(ms "$l_p99")" "$l_bad"
printf '%-52s %9s %9s %9s\n' "  raw DB: same page" "$rl_rps" "$rl_p50" "$rl_p99"
echo "submit → approve → active, end to end over HTTP, 8 workers: $f_rate contracts/s (one round p50 $f_p50 ms, p99 $f_p99 ms)"
echo "(the manager's inbox held $inbox_count of its first 500 rows)"

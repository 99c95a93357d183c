#!/usr/bin/env bash
# Targets benchmarks (issue 15): BENCH_REPS reps (default 1,000) in twenty regions, one of
# them owning half of everything, BENCH_OPPORTUNITIES deals (default 1,000,000; a tenth of
# the won ones split 70 / 30) and BENCH_PAYMENTS payments (default 1,000,000) over three
# years; this year's won-amount and payments targets allocated to every region, rep and
# month. Measures the completion of each plan for the whole year (every rep × 12 months,
# rolled up) beside the same grouping straight on the database, and a compensation run for
# every rep (its preview: the same work without saving).
#   BENCH_DB=sqlite (default) or postgres. Seeded data is cached.
set -euo pipefail
cd "$(dirname "$0")/.."
release="${CARGO_TARGET_DIR:-target}/release"
REPS="${BENCH_REPS:-1000}"
OPPS="${BENCH_OPPORTUNITIES:-1000000}"
PAYMENTS="${BENCH_PAYMENTS:-1000000}"
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
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
CLOSER_LOG=warn "$bin" serve "${place[@]}" --addr "127.0.0.1:$port" >"$cache/server.log" 2>&1 & pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf "$url/readyz" >/dev/null; do sleep 0.05; done
curl -s -c "$cache/c-admin" -H 'content-type: application/json' \
  -d '{"tenant":"bench","email":"admin@bench.example.com","password":"bench-password"}' "$url/api/v1/auth/login" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])' > "$cache/csrf"
cookie=$(awk '$6=="closer_session" {print $7}' "$cache/c-admin"); csrf=$(cat "$cache/csrf")
load() {
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "Cookie: closer_session=$cookie" "$url$1" >"$cache/wrk.txt"
  awk '/Requests\/sec/ {rps=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} /Non-2xx/ {bad=$5} END {printf "%.0f %s %s %s\n", rps, p50, p99, bad+0}' "$cache/wrk.txt"
}
ms() { case "$1" in *us) awk -v v="${1%us}" 'BEGIN{printf "%.2f", v/1000}';; *ms) echo "${1%ms}";; *s) awk -v v="${1%s}" 'BEGIN{printf "%.2f", v*1000}';; *) echo "$1";; esac; }
year=$(date +%Y)
plans=$(curl -s -b "$cache/c-admin" "$url/api/v1/target-plans?year=$year")
won=$(echo "$plans" | python3 -c 'import json,sys; print([p["id"] for p in json.load(sys.stdin)["items"] if p["metric"]=="won_amount"][0])')
paid=$(echo "$plans" | python3 -c 'import json,sys; print([p["id"] for p in json.load(sys.stdin)["items"] if p["metric"]=="payments"][0])')
rows=$(curl -s -b "$cache/c-admin" "$url/api/v1/target-plans/$won/completion?period=$year" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["rows"]), d["rows"][0]["actual"]["amount"])')
read -r w_rps w_p50 w_p99 w_bad <<<"$(load "/api/v1/target-plans/$won/completion?period=$year")"
read -r p_rps p_p50 p_p99 p_bad <<<"$(load "/api/v1/target-plans/$paid/completion?period=$year")"
comp=$(curl -s -b "$cache/c-admin" "$url/api/v1/compensation-plans" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
quarter="$year-Q$(( ($(date +%-m) - 1) / 3 + 1 ))"
runs=()
for _ in 1 2 3 4 5; do
  t=$(curl -s -o "$cache/run.json" -w '%{time_total}' -b "$cache/c-admin" -H "x-csrf-token: $csrf" -H 'content-type: application/json' \
    -d "{\"plan_id\": \"$comp\", \"period\": \"$quarter\"}" "$url/api/v1/compensation-runs/preview")
  runs+=("$(awk -v t="$t" 'BEGIN{printf "%.0f", t*1000}')")
done
people=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["lines"]))' "$cache/run.json")
run_ms=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p); run_max=$(printf '%s\n' "${runs[@]}" | sort -n | tail -1)
kill "$pid"; wait "$pid" 2>/dev/null || true
read -r rw_rps rw_p50 rw_p99 <<<"$("$release"/closer-raw-targets won "$db_url" "$SECONDS_PER_RUN" "$CONNECTIONS")"
read -r rp_rps rp_p50 rp_p99 <<<"$("$release"/closer-raw-targets payments "$db_url" "$SECONDS_PER_RUN" "$CONNECTIONS")"

echo
echo "Closer targets benchmark — $ENGINE, $(nproc) cores; $REPS reps, $OPPS opportunities, $PAYMENTS payments ($rows: completion rows, company's won this year)"
printf '%-58s %9s %9s %9s %8s\n' "request (wrk -c$CONNECTIONS, ${SECONDS_PER_RUN}s)" "req/s" "p50 ms" "p99 ms" "non-2xx"
printf '%-58s %9s %9s %9s %8s\n' "completion, won amount, $year (every rep × 12 months)" "$w_rps" "$(ms "$w_p50")" "$(ms "$w_p99")" "$w_bad"
printf '%-58s %9s %9s %9s\n' "  raw DB: won amounts per owner and month alone" "$rw_rps" "$rw_p50" "$rw_p99"
printf '%-58s %9s %9s %9s %8s\n' "completion, payments, $year" "$p_rps" "$(ms "$p_p50")" "$(ms "$p_p99")" "$p_bad"
printf '%-58s %9s %9s %9s\n' "  raw DB: payments per owner and month alone" "$rp_rps" "$rp_p50" "$rp_p99"
echo "compensation run for $people people ($quarter, preview): median $run_ms ms, slowest of 5 $run_max ms"

#!/usr/bin/env bash
# make bench: load over loopback with wrk against the release server on SQLite, beside the
# same reads done straight on the database (closer-raw). Prints a table; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
# Binaries come from where cargo puts them (CARGO_TARGET_DIR when set).
release="${CARGO_TARGET_DIR:-target}/release"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"

if ! command -v wrk >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
cargo build --release -q -p closer -p closer-bench
bin="$release"/closer
raw="$release"/closer-raw

cache=bench/cache/platform
rm -rf "$cache" && mkdir -p "$cache"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
# The demo tenant is made first, so "ready" below measures a plain start.
"$bin" demo --data-dir "$cache" >/dev/null
start_ns=$(date +%s%N)
CLOSER_LOG=warn "$bin" serve --data-dir "$cache" --addr "127.0.0.1:$port" >"$cache/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf "$base/readyz" >/dev/null; do sleep 0.005; done
ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
rss() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$pid/status"; }
idle_rss=$(rss)

cookie=$(curl -s -D - -o /dev/null -H 'content-type: application/json' \
  -d '{"tenant":"demo","email":"admin@demo.example.com","password":"closer-demo"}' "$base/api/v1/auth/login" \
  | awk -F'[=;]' '/^set-cookie: closer_session=/ {print $2}')
token_hash=$(printf '%s' "$cookie" | sha256sum | cut -d' ' -f1)

# wrk's requests/s, p50 and p99 in ms.
load() {
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "Cookie: closer_session=$cookie" "$base$1" >"$cache/wrk.txt" &
  local w=$!
  sleep $((SECONDS_PER_RUN / 2)); local peak; peak=$(rss); wait $w
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$cache/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$cache/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$cache/wrk.txt")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$cache/wrk.txt")
  echo "$rps $p50 $p99 ${non2xx:-0} $peak"
}
ms() { case "$1" in *us) awk -v v="${1%us}" 'BEGIN{printf "%.2f", v/1000}';; *ms) echo "${1%ms}";; *s) awk -v v="${1%s}" 'BEGIN{printf "%.2f", v*1000}';; *) echo "$1";; esac; }

read -r me_rps me_p50 me_p99 me_err me_rss <<<"$(load /api/v1/me)"
read -r dep_rps dep_p50 dep_p99 dep_err dep_rss <<<"$(load /api/v1/departments)"
kill $pid; wait $pid 2>/dev/null || true
db="sqlite://$cache/closer.db"
read -r raw_me_rps raw_me_p50 raw_me_p99 <<<"$("$raw" me "$db" "$token_hash" "$SECONDS_PER_RUN" "$CONNECTIONS")"
read -r raw_dep_rps raw_dep_p50 raw_dep_p99 <<<"$("$raw" departments "$db" "$token_hash" "$SECONDS_PER_RUN" "$CONNECTIONS")"

echo
echo "Closer platform benchmark — SQLite, $(nproc) cores, wrk -c$CONNECTIONS for ${SECONDS_PER_RUN}s each"
echo
printf '%-28s %10s %9s %9s %10s %12s\n' "endpoint" "req/s" "p50 ms" "p99 ms" "RSS MB" "non-2xx"
printf '%-28s %10s %9s %9s %10s %12s\n' "GET /api/v1/me" "$me_rps" "$(ms "$me_p50")" "$(ms "$me_p99")" "$me_rss" "$me_err"
printf '%-28s %10s %9s %9s %10s %12s\n' "  raw DB: session read" "$raw_me_rps" "$raw_me_p50" "$raw_me_p99" "" ""
printf '%-28s %10s %9s %9s %10s %12s\n' "GET /api/v1/departments" "$dep_rps" "$(ms "$dep_p50")" "$(ms "$dep_p99")" "$dep_rss" "$dep_err"
printf '%-28s %10s %9s %9s %10s %12s\n' "  raw DB: session + list" "$raw_dep_rps" "$raw_dep_p50" "$raw_dep_p99" "" ""
echo
echo "server vs raw DB: /me $(awk -v a="$me_rps" -v b="$raw_me_rps" 'BEGIN{printf "%.2f", a/b}')x, departments $(awk -v a="$dep_rps" -v b="$raw_dep_rps" 'BEGIN{printf "%.2f", a/b}')x of the raw throughput"
echo "idle RSS ${idle_rss} MB; start to ready ${ready_ms} ms"

echo
bash bench/leads.sh
echo
bash bench/customers.sh
echo
bash bench/opportunities.sh
echo
bash bench/contracts.sh
echo
bash bench/cash.sh
bash bench/targets.sh
bash bench/analytics.sh

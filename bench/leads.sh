#!/usr/bin/env bash
# Lead benchmarks (issue 3): with BENCH_LEADS leads stored (default 200,000; set 1000000 for
# the full figure), import BENCH_IMPORT more with de-duplication (rows/s), then over loopback
# the duplicate check, the lead list (two filters and a sort) and the pool page — each beside
# the same query run straight on SQLite. The stored data is cached under bench/cache/.
set -euo pipefail
cd "$(dirname "$0")/.."
# Binaries come from where cargo puts them (CARGO_TARGET_DIR when set).
release="${CARGO_TARGET_DIR:-target}/release"
STORED="${BENCH_LEADS:-200000}"
IMPORT="${BENCH_IMPORT:-20000}"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-4}"
command -v sqlite3 >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
command -v wrk >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release -q -p closer -p closer-bench
bin="$release"/closer
cache="bench/cache/leads-$STORED"
base_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$base_port"

serve() { CLOSER_LOG=warn "$bin" serve --data-dir "$1" --addr "127.0.0.1:$base_port" >"$1/server.log" 2>&1 & pid=$!; until curl -sf "$url/readyz" >/dev/null; do sleep 0.05; done; }
stop() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
login() {
  curl -s -c "$1/cookies" -H 'content-type: application/json' \
    -d '{"tenant":"bench","email":"admin@bench.example.com","password":"bench-password"}' "$url/api/v1/auth/login" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])'
}

if [ ! -f "$cache/ready" ]; then
  rm -rf "$cache" && mkdir -p "$cache"
  "$bin" tenant create --slug bench --name "Bench 基准" --admin-email admin@bench.example.com --admin-password bench-password --data-dir "$cache" >/dev/null
  for i in 1 2 3 4 5; do
    "$bin" user add --tenant bench --email "rep$i@bench.example.com" --name "Rep $i" --role sales_rep --password bench-password --data-dir "$cache" >/dev/null
  done
  serve "$cache"
  csrf=$(login "$cache")
  ids=$(curl -s -b "$cache/cookies" "$url/api/v1/users?limit=500" | python3 -c 'import json,sys; print(json.dumps([u["id"] for u in json.load(sys.stdin)["items"] if u["email"].startswith("rep")]))')
  post() { curl -s -o /dev/null -w '%{http_code}' -b "$cache/cookies" -H "x-csrf-token: $csrf" -H 'content-type: application/json' -X "$1" -d "$3" "$url$2"; }
  # Half the country routes to the reps; the rest waits in the pool.
  post POST /api/v1/assignment-rules "{\"name\":\"east\",\"conditions\":{\"provinces\":[\"上海\",\"浙江\",\"江苏\",\"北京\",\"广东\",\"四川\"]},\"group_user_ids\":$ids}" >/dev/null
  post PATCH /api/v1/settings/leads '{"pool":{"max_held":1000000}}' >/dev/null
  stop
  echo "generating and loading $STORED leads (once; cached in $cache)…"
  "$release"/closer-gen "$STORED" 1 >"$cache/base.csv"
  start=$(date +%s%N)
  "$bin" import leads "$cache/base.csv" --tenant bench --keep-good-rows --data-dir "$cache" >/dev/null
  load_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  echo "$load_ms" >"$cache/load_ms"
  rm "$cache/base.csv"
  touch "$cache/ready"
fi
load_ms=$(cat "$cache/load_ms")

work=bench/cache/leads-work
rm -rf "$work" && cp -r "$cache" "$work"
"$release"/closer-gen "$IMPORT" 7 >"$work/more.csv"
start=$(date +%s%N)
"$bin" import leads "$work/more.csv" --tenant bench --keep-good-rows --data-dir "$work" >/dev/null
import_ms=$(( ($(date +%s%N) - start) / 1000000 ))

serve "$work"
login "$work" >/dev/null
cookie=$(awk '$6=="closer_session" {print $7}' "$work/cookies")
phone=$(sqlite3 "$work/closer.db" "select phone from leads where phone is not null limit 1 offset 1234;" 2>/dev/null || echo "+8613012345678")
enc=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$phone")
load() {
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "Cookie: closer_session=$cookie" "$url$1" >"$work/wrk.txt"
  awk '/Requests\/sec/ {rps=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} /Non-2xx/ {bad=$5} END {printf "%.0f %s %s %s\n", rps, p50, p99, bad+0}' "$work/wrk.txt"
}
ms() { case "$1" in *us) awk -v v="${1%us}" 'BEGIN{printf "%.2f", v/1000}';; *ms) echo "${1%ms}";; *s) awk -v v="${1%s}" 'BEGIN{printf "%.2f", v*1000}';; *) echo "$1";; esac; }
read -r dup_rps dup_p50 dup_p99 dup_bad <<<"$(load "/api/v1/leads/duplicates?phone=$enc&company_name=%E4%B8%8A%E6%B5%B7%E6%98%9F%E4%BA%91%E7%A7%91%E6%8A%80%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8")"
read -r list_rps list_p50 list_p99 list_bad <<<"$(load "/api/v1/leads?status=new&source=import&sort=-created_at")"
read -r pool_rps pool_p50 pool_p99 pool_bad <<<"$(load "/api/v1/lead-pool")"
# The list searched: for a part of one lead's phone (a handful of matches) and for a word
# half the names share (科技).
rare="${phone: -8}"
read -r rare_rps rare_p50 rare_p99 rare_bad <<<"$(load "/api/v1/leads?q=$rare")"
read -r word_rps word_p50 word_p99 word_bad <<<"$(load "/api/v1/leads?q=%E7%A7%91%E6%8A%80")"
stop
db="sqlite://$work/closer.db"
read -r raw_dup_rps raw_dup_p50 raw_dup_p99 <<<"$("$release"/closer-raw dup "$db" "$phone" "$SECONDS_PER_RUN" "$CONNECTIONS")"
read -r raw_list_rps raw_list_p50 raw_list_p99 <<<"$("$release"/closer-raw list "$db" x "$SECONDS_PER_RUN" "$CONNECTIONS")"
read -r raw_pool_rps raw_pool_p50 raw_pool_p99 <<<"$("$release"/closer-raw pool "$db" x "$SECONDS_PER_RUN" "$CONNECTIONS")"
read -r raw_rare_rps raw_rare_p50 raw_rare_p99 <<<"$("$release"/closer-raw search "$db" "$rare" "$SECONDS_PER_RUN" "$CONNECTIONS")"
read -r raw_word_rps raw_word_p50 raw_word_p99 <<<"$("$release"/closer-raw search "$db" 科技 "$SECONDS_PER_RUN" "$CONNECTIONS")"
stored_total=$(sqlite3 "$work/closer.db" "select count(*) from leads;" 2>/dev/null || echo "?")

echo
echo "Closer lead benchmark — SQLite, $(nproc) cores; $stored_total leads stored after the import"
echo "initial load of $STORED leads (cached): $load_ms ms = $(awk -v n="$STORED" -v t="$load_ms" 'BEGIN{printf "%.0f", n*1000/t}') rows/s"
echo "import of $IMPORT more with de-duplication: $import_ms ms = $(awk -v n="$IMPORT" -v t="$import_ms" 'BEGIN{printf "%.0f", n*1000/t}') rows/s"
echo
printf '%-44s %9s %9s %9s %8s\n' "request (wrk -c$CONNECTIONS, ${SECONDS_PER_RUN}s)" "req/s" "p50 ms" "p99 ms" "non-2xx"
printf '%-44s %9s %9s %9s %8s\n' "duplicate check (phone + company)" "$dup_rps" "$(ms "$dup_p50")" "$(ms "$dup_p99")" "$dup_bad"
printf '%-44s %9s %9s %9s\n' "  raw DB: same key reads + candidates" "$raw_dup_rps" "$raw_dup_p50" "$raw_dup_p99"
printf '%-44s %9s %9s %9s %8s\n' "lead list: status + source, newest first" "$list_rps" "$(ms "$list_p50")" "$(ms "$list_p99")" "$list_bad"
printf '%-44s %9s %9s %9s\n' "  raw DB: same page" "$raw_list_rps" "$raw_list_p50" "$raw_list_p99"
printf '%-44s %9s %9s %9s %8s\n' "pool page" "$pool_rps" "$(ms "$pool_p50")" "$(ms "$pool_p99")" "$pool_bad"
printf '%-44s %9s %9s %9s\n' "  raw DB: same page" "$raw_pool_rps" "$raw_pool_p50" "$raw_pool_p99"
printf '%-44s %9s %9s %9s %8s\n' "lead list searched: part of a phone" "$rare_rps" "$(ms "$rare_p50")" "$(ms "$rare_p99")" "$rare_bad"
printf '%-44s %9s %9s %9s\n' "  raw DB: same page by LIKE" "$raw_rare_rps" "$raw_rare_p50" "$raw_rare_p99"
printf '%-44s %9s %9s %9s %8s\n' "lead list searched: 科技 (half the names)" "$word_rps" "$(ms "$word_p50")" "$(ms "$word_p99")" "$word_bad"
printf '%-44s %9s %9s %9s\n' "  raw DB: same page by LIKE" "$raw_word_rps" "$raw_word_p50" "$raw_word_p99"

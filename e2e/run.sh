#!/usr/bin/env bash
# Browser end-to-end tests: Debian's Chromium driven by playwright-core against a real
# `closer serve --demo` on a free loopback port with a fresh data directory.
#   CLOSER_BIN   the server binary (default ../target/debug/closer)
#   E2E_ARGS     extra arguments for `node --test` (e.g. --test-name-pattern=language)
#   E2E_FILES    the test files to run (default tests/*.test.mjs)
#   E2E_SHARDS   how many groups of files run side by side, each on its own server (default 1)
set -euo pipefail

caller="$(pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

# 1. Chromium and CJK fonts from Debian, only when missing (never a browser download).
if [ ! -x /usr/bin/chromium ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends chromium fonts-noto-cjk
fi

# 2. playwright-core only; it never fetches a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
npm ci --no-audit --no-fund --loglevel=error

# 3. The server, on a free port, with a fresh data directory.
# A relative CLOSER_BIN is taken from the caller's directory, else from e2e/ (the default's base).
bin="${CLOSER_BIN:-../target/debug/closer}"
case "$bin" in
  /*) ;;
  *) if [ -n "${CLOSER_BIN:-}" ] && [ -x "$caller/$bin" ]; then bin="$caller/$bin"; else bin="$here/$bin"; fi ;;
esac
if [ ! -x "$bin" ]; then
  echo "e2e: server binary not found at $bin (build it, or set CLOSER_BIN)" >&2
  exit 1
fi
if [ ! -f "$here/../web/dist/index.html" ]; then
  echo "e2e: note: web/dist is missing; the server may only serve its 'build the UI' page (run npm run build in web/)" >&2
fi

tmp="${TMPDIR:-/tmp}"
mkdir -p "$here/screenshots-out"
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# 4. The test files in E2E_SHARDS groups (default 1) run side by side, each group one file at
# a time in name order against a server of its own (fresh data directory, its own demo
# tenant). The files are dealt out largest first to the lightest group. Some files read
# what earlier ones left in the shared demo tenant (two failed when dealt apart), so more
# than one group is for trying things out until every file stands alone.
shards="${E2E_SHARDS:-1}"
files=()
if [ -n "${E2E_FILES:-}" ]; then
  read -r -a files <<<"$E2E_FILES"
else
  while IFS= read -r f; do files+=("$f"); done < <(ls tests/*.test.mjs)
fi
if [ "${#files[@]}" -lt "$shards" ]; then shards=${#files[@]}; fi
declare -a group_files group_weight
for ((g = 0; g < shards; g++)); do group_files[g]=""; group_weight[g]=0; done
while read -r size f; do
  lightest=0
  for ((g = 1; g < shards; g++)); do
    if [ "${group_weight[g]}" -lt "${group_weight[lightest]}" ]; then lightest=$g; fi
  done
  group_files[lightest]="${group_files[lightest]} $f"
  group_weight[lightest]=$((group_weight[lightest] + size))
done < <(wc -c "${files[@]}" | grep -v ' total$' | sort -rn)

server_pids=()
stop_servers() {
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${server_pids[@]}"; do
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
trap stop_servers EXIT

urls=()
for ((g = 0; g < shards; g++)); do
  data_dir="$tmp/closer-e2e-$g"
  rm -rf "$data_dir"
  port="$(free_port)"
  urls[g]="http://127.0.0.1:$port"
  "$bin" serve --addr "127.0.0.1:$port" --data-dir "$data_dir" --demo >"$here/screenshots-out/server-$g.log" 2>&1 &
  server_pids[g]=$!
done

# Wait for readiness, bounded (90 s: the demo tenant is created on first start).
for ((g = 0; g < shards; g++)); do
  log="$here/screenshots-out/server-$g.log"
  if ! node -e '
    const url = process.argv[1] + "/readyz";
    const deadline = Date.now() + 90_000;
    (async () => {
      while (Date.now() < deadline) {
        try { if ((await fetch(url)).status === 200) process.exit(0); } catch {}
        await new Promise((r) => setTimeout(r, 250));
      }
      process.exit(1);
    })();
  ' "${urls[g]}" || ! kill -0 "${server_pids[g]}" 2>/dev/null; then
    echo "e2e: server $g did not become ready at ${urls[g]}/readyz; its log:" >&2
    tail -n 50 "$log" >&2 || true
    exit 1
  fi
  group_files[g]="$(tr ' ' '\n' <<<"${group_files[g]}" | sort | tr '\n' ' ')"
  echo "e2e: group $g on ${urls[g]}:${group_files[g]}"
done

set +e
status=0
if [ "$shards" -eq 1 ]; then
  # shellcheck disable=SC2086 # the group's files are words
  CLOSER_URL="${urls[0]}" node --test --test-concurrency=1 ${E2E_ARGS:-} ${group_files[0]} || status=1
else
  group_pids=()
  for ((g = 0; g < shards; g++)); do
    # shellcheck disable=SC2086 # the group's files are words
    CLOSER_URL="${urls[g]}" node --test --test-concurrency=1 ${E2E_ARGS:-} ${group_files[g]} \
      >"$here/screenshots-out/tap-$g.txt" 2>&1 &
    group_pids[g]=$!
  done
  for ((g = 0; g < shards; g++)); do
    wait "${group_pids[g]}" || status=1
    echo "e2e: group $g"
    cat "$here/screenshots-out/tap-$g.txt"
  done
fi
set -e
echo "e2e: screenshots in $here/screenshots-out"
exit $status

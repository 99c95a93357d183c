#!/usr/bin/env bash
# Browser end-to-end tests: Debian's Chromium driven by playwright-core against a real
# `closer serve --demo` on a free loopback port with a fresh data directory.
#   CLOSER_BIN   the server binary (default ../target/debug/closer)
#   E2E_ARGS     extra arguments for `node --test` (e.g. --test-name-pattern=language)
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
data_dir="$tmp/closer-e2e"
rm -rf "$data_dir"
mkdir -p "$here/screenshots-out"
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
url="http://127.0.0.1:$port"
log="$here/screenshots-out/server.log"

"$bin" serve --addr "127.0.0.1:$port" --data-dir "$data_dir" --demo >"$log" 2>&1 &
server_pid=$!
stop_server() {
  if kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  wait "$server_pid" 2>/dev/null || true
}
trap stop_server EXIT

# Wait for readiness, bounded (90 s: the demo tenant is created on first start).
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
' "$url"; then
  echo "e2e: server did not become ready at $url/readyz; its log:" >&2
  tail -n 50 "$log" >&2 || true
  exit 1
fi
if ! kill -0 "$server_pid" 2>/dev/null; then
  echo "e2e: server exited; its log:" >&2
  tail -n 50 "$log" >&2 || true
  exit 1
fi

echo "e2e: server ready at $url"
# 4. The tests, one file at a time (they share the demo tenant).
set +e
CLOSER_URL="$url" node --test --test-concurrency=1 ${E2E_ARGS:-} tests/
status=$?
set -e
echo "e2e: screenshots in $here/screenshots-out"
exit $status

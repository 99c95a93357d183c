#!/usr/bin/env bash
# Schema fuzzing: Schemathesis generates requests from docs/openapi.json for every operation
# and fails the run on any 5xx answer, any status the document does not list for the
# operation, any content type it does not list, and any answer off its documented schema. Bounded (a few examples per operation)
# to stay within CI's time; the server is the debug build on a fresh demo tenant, called with an API token.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${CLOSER_SCHEMATHESIS_VENV:-target/schemathesis-venv}"
if [ ! -x "$venv/bin/st" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==4.32.5"
fi
cargo build -q -p closer
bin="${CARGO_TARGET_DIR:-target}/debug/closer"
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
CLOSER_LOG=warn "$bin" serve --data-dir "$data" --addr "127.0.0.1:$port" --demo >"$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$data"' EXIT
until curl -sf "$url/readyz" >/dev/null; do sleep 0.2; done
csrf=$(curl -s -c "$data/cookies" -H 'content-type: application/json' \
  -d '{"tenant":"demo","email":"admin@demo.example.com","password":"closer-demo"}' "$url/api/v1/auth/login" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
token=$(curl -s -b "$data/cookies" -H "x-csrf-token: $csrf" -H 'content-type: application/json' \
  -d '{"name":"schemathesis"}' "$url/api/v1/api-tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
# Operations that would end the fuzzer's own access (its token, its user) are left out;
# everything else is fair game.
"$venv/bin/st" run docs/openapi.json --url "$url" \
  -H "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "${SCHEMA_FUZZ_EXAMPLES:-5}" \
  --workers 2 \
  --exclude-path-regex '^/api/v1/(auth/|api-tokens|users/\{id\}/(deactivate|password))'
# Belt and braces: the server logs every 5xx it answers.
if grep -q 'request failed' "$data/server.log"; then
  echo "the server answered 5xx during schema fuzzing:" >&2
  grep 'request failed' "$data/server.log" >&2
  exit 1
fi

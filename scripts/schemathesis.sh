#!/usr/bin/env bash
# API conformance: schemathesis against the server's own OpenAPI description
# (/api/openapi.json), once as a signed-in officer (a bearer token made the
# way a user makes one, at /account/tokens) and once anonymously. Every
# check is on: no 5xx, every status code and body as described, auth that
# is not ignored, and so on.
#
#   scripts/schemathesis.sh [MAX_EXAMPLES]      (default 100 per operation)
#   DATABASE=postgres://… scripts/schemathesis.sh   (an empty PostgreSQL database
#                                                  instead of a temporary SQLite file)
#
# Needs: a built `xanh` (cargo build; or XANH_BIN=…), schemathesis
# (pip install schemathesis; or SCHEMATHESIS=…), curl. It starts
# `xanh serve --demo` on a free port with a temporary data directory and
# stops it at the end. Exit status: 0 when both passes are clean.
set -euo pipefail

MAX_EXAMPLES=${1:-100}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
XANH=${XANH_BIN:-$ROOT/target/debug/xanh}
ST=${SCHEMATHESIS:-$(command -v schemathesis || echo /tmp/st-venv/bin/schemathesis)}
REPORTS=${REPORTS:-$ROOT/artifacts/schemathesis}

[ -x "$XANH" ] || { echo "no xanh binary at $XANH (cargo build first)" >&2; exit 2; }
[ -x "$ST" ] || { echo "schemathesis not found (pip install schemathesis)" >&2; exit 2; }

DATA=$(mktemp -d)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
DB_ARGS=()
[ -n "${DATABASE:-}" ] && DB_ARGS=(--database "$DATABASE")
XANH_DATA_DIR="$DATA" RUST_LOG=warn "$XANH" serve --demo --addr "127.0.0.1:$PORT" "${DB_ARGS[@]}" 2>"$DATA/server.log" &
PID=$!
cleanup() {
    kill "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
    # Keep the server's log beside the reports: a 5xx is explained there.
    mkdir -p "$REPORTS" && cp "$DATA/server.log" "$REPORTS/server.log" 2>/dev/null || true
    rm -rf "$DATA"
}
trap cleanup EXIT

for _ in $(seq 1 120); do
    grep -q "^Xanh: http" "$DATA/server.log" 2>/dev/null && break
    kill -0 "$PID" 2>/dev/null || { cat "$DATA/server.log" >&2; exit 2; }
    sleep 0.5
done
PASSWORD=$(sed -n 's/.*shared password: //p' "$DATA/server.log" | head -1)
[ -n "$PASSWORD" ] || { echo "the demo password was not printed" >&2; exit 2; }

# An officer's API token, made as a user makes one: sign in, then /account/tokens.
JAR="$DATA/cookies"
csrf() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1; }
TOKEN_CSRF=$(curl -sf -c "$JAR" -b "$JAR" "$BASE/login" | csrf)
curl -sf -o /dev/null -c "$JAR" -b "$JAR" \
    --data-urlencode "username=demo-ct" --data-urlencode "password=$PASSWORD" \
    --data-urlencode "csrf=$TOKEN_CSRF" --data-urlencode "next=/home" "$BASE/login"
TOKEN_CSRF=$(curl -sf -c "$JAR" -b "$JAR" "$BASE/account/tokens" | csrf)
TOKEN=$(curl -sf -c "$JAR" -b "$JAR" --data-urlencode "csrf=$TOKEN_CSRF" \
    --data-urlencode "name=schemathesis" "$BASE/account/tokens" | grep -o 'xanh_[A-Za-z0-9_-]*' | head -1)
[ -n "$TOKEN" ] || { echo "no API token was issued" >&2; exit 2; }

mkdir -p "$REPORTS"
status=0
run_pass() {
    local name=$1
    shift
    echo "== schemathesis: $name =="
    "$ST" --config-file "$ROOT/scripts/schemathesis.toml" run "$BASE/api/openapi.json" --url "$BASE" \
        --checks all --max-examples "$MAX_EXAMPLES" --seed 598 --generation-database none \
        --no-color --report junit --report-junit-path "$REPORTS/$name.xml" \
        "$@" || status=1
}
run_pass officer -H "Authorization: Bearer $TOKEN"
run_pass anonymous

if grep -q "panicked" "$DATA/server.log"; then
    echo "the server log holds a panic:" >&2
    grep -A3 "panicked" "$DATA/server.log" >&2
    status=1
fi
exit $status

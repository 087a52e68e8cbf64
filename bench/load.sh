#!/usr/bin/env bash
# Load on `xanh serve` with the national data set: wrk, 64 connections for 30 s, on
# the national overview, a province page and an indicator page, and on a static file
# served by the same server as the reference; 16 officers save values through the API
# during the overview run (bench/writers.py). Prints throughput, p50/p99 and the
# server's peak memory.
# Usage: bench/load.sh     Env: DIR (default /tmp/xanh-bench-national), XANH, DB (default the
#        SQLite file bench/import.sh left), PERIOD (default annual-2024), SECONDS (default 30)
set -euo pipefail
DIR=${DIR:-/tmp/xanh-bench-national}
XANH=${XANH:-target/release/xanh}
DB=${DB:-sqlite://$DIR/xanh.db}
PERIOD=${PERIOD:-annual-2024}
SECONDS_=${SECONDS:-30}
PORT=${PORT:-18090}
PASS=bench-password-0123
BASE=http://127.0.0.1:$PORT
MINISTRIES=(BO-NNMT BO-CT BO-XD BO-KHCN)

"$XANH" --database "$DB" user add w00 --role consolidator --unit BO-TC --password-stdin <<< "$PASS" > /dev/null 2>&1 || true
for k in $(seq 1 16); do
  name=$(printf "w%02d" "$k")
  "$XANH" --database "$DB" user add "$name" --role officer --unit "${MINISTRIES[$(( (k - 1) % 4 ))]}" --password-stdin <<< "$PASS" > /dev/null 2>&1 || true
done

"$XANH" --database "$DB" serve --addr "127.0.0.1:$PORT" 2> /tmp/xanh-load-serve.log &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "$BASE/health" > /dev/null && break; sleep 0.2; done

OVERVIEW="$BASE/national?period=$PERIOD"
PROVINCE="$BASE/national/areas/T05?period=$PERIOD"
INDICATOR="$BASE/national/indicators/3.2?period=$PERIOD"
STATIC="$BASE/static/xanh.css"
for u in "$OVERVIEW" "$PROVINCE" "$INDICATOR" "$STATIC"; do
  start=$(date +%s.%N); code=$(curl -s -o /dev/null -w "%{http_code}" "$u"); end=$(date +%s.%N)
  echo "first request $code in $(python3 -c "print(f'{($end-$start)*1000:.0f} ms')"): $u"
done

run() { # name url
  wrk -t2 -c64 -d"${SECONDS_}s" --latency "$2" > "/tmp/xanh-load-$1.txt"
  python3 - "$1" "/tmp/xanh-load-$1.txt" <<'PY'
import re, sys
name, path = sys.argv[1], sys.argv[2]
t = open(path).read()
def ms(s):
    n, u = re.match(r"([\d.]+)(\w+)", s).groups()
    return float(n) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[u]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
p50 = ms(re.search(r"50%\s+(\S+)", t).group(1)); p99 = ms(re.search(r"99%\s+(\S+)", t).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
sock = re.search(r"Socket errors: (.*)", t)
print(f"{name:10} {rps:10.0f} req/s   p50 {p50:8.2f} ms   p99 {p99:8.2f} ms   p99/p50 {p99/p50:5.1f}"
      f"{'   non-2xx: ' + errors.group(1) if errors else ''}{'   socket errors: ' + sock.group(1) if sock else ''}")
open(f"/tmp/xanh-load-{name}.rps", "w").write(str(rps))
PY
}

echo "== wrk -t2 -c64 -d${SECONDS_}s --latency"
run static "$STATIC"
python3 "$(dirname "$0")/writers.py" "$BASE" "$PASS" "$SECONDS_" > /tmp/xanh-load-writers.txt 2>&1 &
WRITERS=$!
run overview "$OVERVIEW"
WSTATUS=0; wait $WRITERS || WSTATUS=$?
run province "$PROVINCE"
run indicator "$INDICATOR"
echo "== during the overview run: $(tail -1 /tmp/xanh-load-writers.txt) (exit $WSTATUS)"
python3 -c "
s=float(open('/tmp/xanh-load-static.rps').read()); o=float(open('/tmp/xanh-load-overview.rps').read())
print(f'overview / static throughput = {o/s:.2f} (goal >= 0.25)')"
echo "== server memory: $(grep -E 'VmHWM|VmRSS' /proc/$PID/status | tr -s ' \t' ' ' | tr '\n' ' ') (goal: peak < 2 GB)"

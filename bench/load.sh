#!/usr/bin/env bash
# Load on `xanh serve` with the national data set: wrk, 64 connections for 30 s, on
# the national overview, a province page and an indicator page, and on a static file
# served by the same server as the reference (every request says Accept-Encoding: gzip, as
# browsers do; the stylesheet is sent as it is, national pages gzipped once per data change); 16 officers save values through the API
# during the overview run (bench/writers.py). Prints throughput, p50/p99 and the
# server's peak memory.
# Usage: bench/load.sh     Env: DIR (default /tmp/xanh-bench-national), XANH, DB (default the
#        SQLite file bench/import.sh left), PERIOD (default annual-2024), DURATION (seconds, default 30)
set -euo pipefail
DIR=${DIR:-/tmp/xanh-bench-national}
XANH=${XANH:-target/release/xanh}
DB=${DB:-sqlite://$DIR/xanh.db}
PERIOD=${PERIOD:-annual-2024}
DURATION=${DURATION:-30}
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
  wrk -t2 -c64 -d"${DURATION}s" --latency -H "Accept-Encoding: gzip" "$2" > "/tmp/xanh-load-$1.txt"
  python3 "$(dirname "$0")/wrk_summary.py" "$1" "/tmp/xanh-load-$1.txt"
}

echo "== wrk -t2 -c64 -d${DURATION}s --latency"
run static "$STATIC"
run overview "$OVERVIEW"
run province "$PROVINCE"
run indicator "$INDICATOR"
# The same overview again while 16 officers save values (their Python clients and the
# server's saves share the same 2 cores with wrk).
python3 "$(dirname "$0")/writers.py" "$BASE" "$PASS" "$DURATION" > /tmp/xanh-load-writers.txt 2>&1 &
WRITERS=$!
run overview+w "$OVERVIEW"
WSTATUS=0; wait $WRITERS || WSTATUS=$?
echo "== during the overview+w run: $(tail -1 /tmp/xanh-load-writers.txt) (exit $WSTATUS)"
python3 -c "
s=float(open('/tmp/xanh-load-static.txt.rps').read()); o=float(open('/tmp/xanh-load-overview.txt.rps').read()); w=float(open('/tmp/xanh-load-overview+w.txt.rps').read())
print(f'overview / static throughput = {o/s:.2f} alone, {w/s:.2f} with the writers (goal >= 0.25)')"
echo "== server memory: $(grep -E 'VmHWM|VmRSS' /proc/$PID/status | tr -s ' \t' ' ' | tr '\n' ' ') (goal: peak < 2 GB)"

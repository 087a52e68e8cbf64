#!/usr/bin/env bash
# An incremental import into a loaded database while the public reads: one
# year's figures of a few provinces (about 100,000 values, corrected: every
# decimal figure 1% lower, so a share stays within 0–100) go into the national set with `xanh import values`, while
# wrk keeps 64 connections on the national overview of that year. The same
# overview is measured first without the import, for the reference.
# Prints the import's time and the overview's p50/p99 with and without it.
# Usage: bench/incremental.sh [sqlite|postgres]   (default: sqlite)
# Env:   DIR (default /tmp/xanh-bench-national, left loaded by bench/import.sh),
#        XANH, YEAR (default 2025), PROVINCES (default 5), DURATION (seconds, default 20)
set -euo pipefail
BACKEND=${1:-sqlite}
DIR=${DIR:-/tmp/xanh-bench-national}
XANH=${XANH:-target/release/xanh}
YEAR=${YEAR:-2025}
PROVINCES=${PROVINCES:-5}
DURATION=${DURATION:-20}
PORT=${PORT:-18091}
case "$BACKEND" in
  sqlite) DB="sqlite://$DIR/xanh.db" ;;
  postgres) DB=${PGDB:-postgres://postgres@127.0.0.1:5432/xanh_bench} ;;
  *) echo "sqlite or postgres" >&2; exit 2 ;;
esac
BASE=http://127.0.0.1:$PORT
OVERVIEW="$BASE/national?period=annual-$YEAR"
FILE="$DIR/incremental-$YEAR.csv"

# The file: the year's rows of the first provinces' communes, each number 1% higher.
python3 - "$DIR" "$YEAR" "$PROVINCES" "$FILE" <<'PY'
import csv, sys, tomllib
d, year, k, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
fw = tomllib.load(open(f"{d}/framework.toml", "rb"))
parent = {u["code"]: u.get("parent") for u in fw["units"]}
provinces = sorted({p for c, p in parent.items() if p and parent.get(p) is not None})[:k]
chosen = set(provinces)
n = 0
with open(f"{d}/values.csv", newline="") as f, open(out, "w", newline="") as g:
    r = csv.reader(f); w = csv.writer(g)
    w.writerow(next(r))
    for row in r:
        if row[0] == f"annual-{year}" and parent.get(row[2]) in chosen:
            # Decimal figures only: a milestone's 0 or 1 and a rating's word stay as they are.
            if "." in row[3]:
                row[3] = f"{float(row[3]) * 0.99:.4f}"
            w.writerow(row); n += 1
print(f"== file: {n:,} values of {year} for {', '.join(provinces)}")
PY

"$XANH" --database "$DB" serve --addr "127.0.0.1:$PORT" 2> /tmp/xanh-incremental-serve.log &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "$BASE/health" > /dev/null && break; sleep 0.2; done
curl -s -o /dev/null "$OVERVIEW"

report() { python3 "$(dirname "$0")/wrk_summary.py" "$1" "$2"; }

echo "== wrk -t2 -c64 -d${DURATION}s --latency on $OVERVIEW ($BACKEND)"
wrk -t2 -c64 -d"${DURATION}s" --latency -H "Accept-Encoding: gzip" "$OVERVIEW" > /tmp/xanh-incr-alone.txt
report "overview alone" /tmp/xanh-incr-alone.txt
# The import starts two seconds into the run; wrk's window covers it and what follows.
wrk -t2 -c64 -d"${DURATION}s" --latency -H "Accept-Encoding: gzip" "$OVERVIEW" > /tmp/xanh-incr-during.txt &
WRK=$!
sleep 2
start=$(date +%s.%N)
"$XANH" --database "$DB" import values --quiet "$FILE" > /dev/null
end=$(date +%s.%N)
wait $WRK
report "during import" /tmp/xanh-incr-during.txt
python3 -c "
a=float(open('/tmp/xanh-incr-alone.txt.p99').read()); d=float(open('/tmp/xanh-incr-during.txt.p99').read())
print(f'import: {$end-$start:.2f} s (goal < 10 s); p99 during / p99 alone = {d/a:.2f} (goal < 3)')"
# The page shows the new figures at once.
curl -s "$OVERVIEW" > /dev/null && echo "== after: the overview answers $(curl -s -o /dev/null -w '%{http_code}' "$OVERVIEW")"

#!/usr/bin/env bash
# Bulk import speed against the reference tools, side by side in one run:
#   SQLite:     sqlite3's .import of the same CSV into a bare table (no indexes)
#               vs `xanh import values` into Xanh's schema (indexes, reports, sums).
#   PostgreSQL: COPY of the same CSV into a bare table (client-side \copy, like Xanh,
#               and server-side COPY FROM a file, for information) vs `xanh import values`.
# Usage: bench/import.sh [national|province]     (default: national)
# Env:   XANH (binary, default target/release/xanh), DIR (data, default /tmp/xanh-bench-SCALE),
#        PG (admin URL, default postgres://postgres@127.0.0.1:5432/postgres)
# Leaves DIR/xanh.db and the PostgreSQL database xanh_bench loaded, for bench/consolidate.py
# and bench/load.sh.
set -euo pipefail
SCALE=${1:-national}
XANH=${XANH:-target/release/xanh}
DIR=${DIR:-/tmp/xanh-bench-$SCALE}
PG=${PG:-postgres://postgres@127.0.0.1:5432/postgres}
PGBASE=${PG%/*}
now() { date +%s.%N; }
rate() { python3 -c "import sys; r=$1; s=$3-$2; print(f'{s:8.2f} s  {r/s:12,.0f} rows/s')"; }

if [ ! -f "$DIR/values.csv" ]; then
  echo "== generating ($SCALE)"
  start=$(now); "$XANH" demo generate --scale "$SCALE" --out "$DIR"; end=$(now)
  echo "generate: $(python3 -c "print(f'{$end-$start:.1f} s')")"
fi
ROWS=$(( $(wc -l < "$DIR/values.csv") - 1 ))
echo "== $ROWS rows, $(du -h "$DIR/values.csv" | cut -f1), machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"

echo "== SQLite"
rm -f "$DIR/ref.db"
start=$(now); sqlite3 "$DIR/ref.db" -cmd ".mode csv" ".import $DIR/values.csv v"; end=$(now)
REF_SQLITE="$start $end"; echo "sqlite3 .import (bare table):   $(rate $ROWS $start $end)"
rm -f "$DIR"/xanh.db "$DIR"/xanh.db-*
URL="sqlite://$DIR/xanh.db?mode=rwc"
"$XANH" --database "$URL" framework import "$DIR/framework.toml" > /dev/null
start=$(now); "$XANH" --database "$URL" import values --quiet "$DIR/values.csv" > /dev/null; end=$(now)
XS="$start $end"; echo "xanh import values (SQLite):     $(rate $ROWS $start $end)"
python3 -c "a,b='$REF_SQLITE'.split(); c,d='$XS'.split(); print(f'ratio xanh/sqlite3 = {(float(b)-float(a))/(float(d)-float(c)):.2f}  (goal >= 0.50)')"

echo "== PostgreSQL"
psql -q "$PG" -c "DROP DATABASE IF EXISTS xanh_bench_ref" -c "CREATE DATABASE xanh_bench_ref"
psql -q "$PGBASE/xanh_bench_ref" -c "CREATE TABLE v (period text, indicator text, unit_code text, value text, note text)"
start=$(now); psql -q "$PGBASE/xanh_bench_ref" -c "\\copy v FROM '$DIR/values.csv' WITH (FORMAT csv, HEADER true)"; end=$(now)
REF_PG="$start $end"; echo "psql \\copy (bare table):        $(rate $ROWS $start $end)"
psql -q "$PGBASE/xanh_bench_ref" -c "TRUNCATE v"
chmod a+r "$DIR/values.csv"; chmod a+x "$DIR"
start=$(now); psql -q "$PGBASE/xanh_bench_ref" -c "COPY v FROM '$DIR/values.csv' WITH (FORMAT csv, HEADER true)" 2>/dev/null && end=$(now) \
  && echo "server-side COPY (bare table):   $(rate $ROWS $start $end)" || echo "server-side COPY: not readable by the server, skipped"
psql -q "$PG" -c "DROP DATABASE IF EXISTS xanh_bench_ref"
psql -q "$PG" -c "DROP DATABASE IF EXISTS xanh_bench" -c "CREATE DATABASE xanh_bench"
PURL="$PGBASE/xanh_bench"
"$XANH" --database "$PURL" framework import "$DIR/framework.toml" > /dev/null
start=$(now); "$XANH" --database "$PURL" import values --quiet "$DIR/values.csv" > /dev/null; end=$(now)
XP="$start $end"; echo "xanh import values (PostgreSQL): $(rate $ROWS $start $end)"
python3 -c "a,b='$REF_PG'.split(); c,d='$XP'.split(); print(f'ratio xanh/psql copy = {(float(b)-float(a))/(float(d)-float(c)):.2f}  (goal >= 0.50)')"

#!/usr/bin/env bash
# The floor of any importer that keeps Xanh's guarantees, measured with each
# database's own bulk tool: the CSV loaded into a bare table (the reference of
# bench/import.sh), then the same load followed by only what Xanh's queries and
# its "a value per period × indicator × unit" rule need — the unique key and
# the two secondary indexes — built at the end by sorting, the cheapest way
# there is. No checking, no reports, no audit, no sums, no foreign keys.
# If this floor is already below half the bare load, no importer can reach
# 0.5 while keeping that key and those indexes on these text columns.
# The second half asks the same of a narrow key: the period, indicator and unit
# coded as small integers (the coding, done once before the clock starts, is
# what an importer does while it parses).
# Usage: bench/import_floor.sh     Env: DIR (default /tmp/xanh-bench-national), PG (admin URL)
set -euo pipefail
DIR=${DIR:-/tmp/xanh-bench-national}
PG=${PG:-postgres://postgres@127.0.0.1:5432/postgres}
PGBASE=${PG%/*}
CSV="$DIR/values.csv"
ROWS=$(( $(wc -l < "$CSV") - 1 ))
now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2-$1:7.2f}')"; }
echo "== $ROWS rows, machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"

echo "== SQLite $(sqlite3 --version | cut -d' ' -f1)"
rm -f "$DIR/floor.db"
t0=$(now); sqlite3 "$DIR/floor.db" -cmd ".mode csv" ".import $CSV v"; t1=$(now)
BARE_S=$(secs "$t0" "$t1"); echo "bare table:                               $BARE_S s"
rm -f "$DIR/floor.db"
t0=$(now)
sqlite3 "$DIR/floor.db" <<SQL
PRAGMA journal_mode = WAL;
PRAGMA cache_size = -1048576;
CREATE TABLE v (period TEXT, indicator TEXT, unit_code TEXT, value TEXT, note TEXT,
  PRIMARY KEY (period, indicator, unit_code)) WITHOUT ROWID;
.mode csv
.import --skip 1 $CSV v
CREATE INDEX v_by_indicator ON v (indicator, period);
CREATE INDEX v_by_unit ON v (unit_code);
SQL
t1=$(now); KEYED_S=$(secs "$t0" "$t1")
echo "clustered on the key + 2 indexes:         $KEYED_S s   floor ratio = $(python3 -c "print(f'{$BARE_S/$KEYED_S:.2f}')")"
rm -f "$DIR/floor.db" "$DIR"/floor.db-*

echo "== PostgreSQL $(psql -tAq "$PG" -c 'SHOW server_version')"
psql -q "$PG" -c "DROP DATABASE IF EXISTS xanh_floor" -c "CREATE DATABASE xanh_floor"
F="$PGBASE/xanh_floor"
psql -q "$F" -c "CREATE TABLE v (period text, indicator text, unit_code text, value text, note text)"
t0=$(now); psql -q "$F" -c "\\copy v FROM '$CSV' WITH (FORMAT csv, HEADER true)"; t1=$(now)
BARE_P=$(secs "$t0" "$t1"); echo "bare table (\\copy):                       $BARE_P s"
psql -q "$F" -c "DROP TABLE v" -c "CREATE TABLE v (period text, indicator text, unit_code text, value text, note text)"
t0=$(now)
psql -q "$F" -c "\\copy v FROM '$CSV' WITH (FORMAT csv, HEADER true)"
psql -q "$F" <<SQL
SET maintenance_work_mem = '1GB';
ALTER TABLE v ADD PRIMARY KEY (period, indicator, unit_code);
CREATE INDEX v_by_indicator ON v (indicator, period);
CREATE INDEX v_by_unit ON v (unit_code);
SQL
t1=$(now); KEYED_P=$(secs "$t0" "$t1")
echo "+ key and 2 indexes, built after:         $KEYED_P s   floor ratio = $(python3 -c "print(f'{$BARE_P/$KEYED_P:.2f}')")"
psql -q "$PG" -c "DROP DATABASE IF EXISTS xanh_floor"

echo "== the same with a narrow key: period, indicator and unit as small integers"
CODED="$DIR/values-coded.csv"
python3 - "$CSV" "$CODED" <<'PY'
import csv, sys
codes = [{}, {}, {}]
with open(sys.argv[1], newline="") as f, open(sys.argv[2], "w", newline="") as out:
    r, w = csv.reader(f), csv.writer(out)
    w.writerow(next(r))
    for row in r:
        w.writerow([codes[i].setdefault(row[i], len(codes[i]) + 1) for i in range(3)] + row[3:])
PY
rm -f "$DIR/floor.db" "$DIR"/floor.db-*
t0=$(now)
sqlite3 "$DIR/floor.db" <<SQL
PRAGMA journal_mode = WAL;
PRAGMA cache_size = -1048576;
CREATE TABLE v (period INTEGER, indicator INTEGER, unit INTEGER, value REAL, note TEXT,
  PRIMARY KEY (period, indicator, unit)) WITHOUT ROWID;
.mode csv
.import --skip 1 $CODED v
SQL
t1=$(now); INT_KEY_S=$(secs "$t0" "$t1")
echo "SQLite, clustered on the integer key:      $INT_KEY_S s   floor ratio = $(python3 -c "print(f'{$BARE_S/$INT_KEY_S:.2f}')")"
sqlite3 "$DIR/floor.db" <<SQL
PRAGMA cache_size = -1048576;
CREATE INDEX v_by_indicator ON v (indicator, period);
CREATE INDEX v_by_unit ON v (unit);
SQL
t2=$(now); INT_ALL_S=$(secs "$t0" "$t2")
echo "  + the 2 indexes:                          $INT_ALL_S s   floor ratio = $(python3 -c "print(f'{$BARE_S/$INT_ALL_S:.2f}')")"
rm -f "$DIR/floor.db" "$DIR"/floor.db-*
psql -q "$PG" -c "DROP DATABASE IF EXISTS xanh_floor" -c "CREATE DATABASE xanh_floor"
psql -q "$F" -c "CREATE TABLE v (period int, indicator int, unit int, value text, note text)"
t0=$(now)
psql -q "$F" -c "\\copy v FROM '$CODED' WITH (FORMAT csv, HEADER true)"
t1=$(now); INT_BARE_P=$(secs "$t0" "$t1")
echo "PostgreSQL, integer columns, bare:         $INT_BARE_P s   ratio = $(python3 -c "print(f'{$BARE_P/$INT_BARE_P:.2f}')")"
psql -q "$F" -c "SET maintenance_work_mem = '1GB'" -c "ALTER TABLE v ADD PRIMARY KEY (period, indicator, unit)"
t2=$(now); INT_KEY_P=$(secs "$t0" "$t2")
echo "  + the integer key, built after:           $INT_KEY_P s   floor ratio = $(python3 -c "print(f'{$BARE_P/$INT_KEY_P:.2f}')")"
psql -q "$F" -c "SET maintenance_work_mem = '1GB'" -c "CREATE INDEX v_by_indicator ON v (indicator, period)" \
  -c "CREATE INDEX v_by_unit ON v (unit)"
t3=$(now); INT_ALL_P=$(secs "$t0" "$t3")
echo "  + the 2 indexes:                          $INT_ALL_P s   floor ratio = $(python3 -c "print(f'{$BARE_P/$INT_ALL_P:.2f}')")"
psql -q "$PG" -c "DROP DATABASE IF EXISTS xanh_floor"
rm -f "$CODED"

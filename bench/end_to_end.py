#!/usr/bin/env python3
"""End to end, as a user counts it: from the national CSV arriving to the
consolidated picture of the last year.

- DuckDB: load the CSV into a typed table, then run the aggregation SQL of
  bench/consolidate.py (the sums and each indicator's value by its rule, per
  province and for the nation, every year up to the period).
- Xanh: `xanh import values` into a fresh database that holds the framework
  (loading the framework is setup on both sides: DuckDB reads the same TOML),
  then `xanh consolidate --period P --json`, each a whole process.

Both sides run once, one after the other, in this run; the ratio is Xanh's
time over DuckDB's.

Usage: bench/end_to_end.py [--dir /tmp/xanh-bench-national] [--period annual-2030]
Needs: the data set (bench/import.sh generates it), pip install duckdb.
Leaves the databases loaded (DIR/e2e.db, PostgreSQL database xanh_e2e).
"""
import argparse, os, subprocess, time, tomllib
import duckdb

p = argparse.ArgumentParser()
p.add_argument("--dir", default="/tmp/xanh-bench-national")
p.add_argument("--period", default="annual-2030")
p.add_argument("--xanh", default="target/release/xanh")
p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
p.add_argument("--only", choices=["sqlite", "postgres"], default=None)
a = p.parse_args()
year = int(a.period.split("-")[1])
csv_path = os.path.join(a.dir, "values.csv")

# The aggregation SQL is bench/consolidate.py's: one definition of what DuckDB computes.
src = open(os.path.join(os.path.dirname(__file__), "consolidate.py")).read()
SQL = src.split('SQL = """', 1)[1].split('"""', 1)[0]

fw = tomllib.load(open(os.path.join(a.dir, "framework.toml"), "rb"))
units = [(u["code"], u.get("parent")) for u in fw["units"] if u["kind"] in ("district", "city", "town", "commune")]
inds = [(i["code"], i.get("aggregation", "none"), i.get("weight")) for o in fw["objectives"] for i in o.get("indicators", [])]

con = duckdb.connect()
con.execute("CREATE TABLE units (code VARCHAR, area VARCHAR)")
con.executemany("INSERT INTO units VALUES (?, ?)", units)
con.execute("CREATE TABLE inds (code VARCHAR, rule VARCHAR, weight VARCHAR)")
con.executemany("INSERT INTO inds VALUES (?, ?, ?)", inds)
t0 = time.perf_counter()
# As bench/consolidate.py loads it: the text first (a qualitative value is a
# word), then the typed table the aggregation reads.
con.execute(f"CREATE TABLE raw AS SELECT * FROM read_csv('{csv_path}', header=true, all_varchar=true)")
con.execute("""CREATE TABLE vals AS SELECT CAST(substr(period, 8) AS INTEGER) AS year, indicator, unit_code,
  TRY_CAST(value AS DOUBLE) AS num FROM raw""")
con.execute("DROP TABLE raw")
t1 = time.perf_counter()
out = con.execute(SQL, {"year": year}).fetchall()
t2 = time.perf_counter()
duck = t2 - t0
print(f"DuckDB {duckdb.__version__}: load {t1-t0:6.2f} s + aggregate {t2-t1:6.2f} s = {duck:6.2f} s ({len(out):,} rows)")


def run(*args):
    t = time.perf_counter()
    subprocess.run([a.xanh, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - t


def xanh(name, url):
    run("--database", url, "framework", "import", os.path.join(a.dir, "framework.toml"))
    imp = run("--database", url, "import", "values", "--quiet", csv_path)
    cons = run("--database", url, "consolidate", "--period", a.period, "--json")
    total = imp + cons
    print(f"Xanh on {name:10}: import {imp:6.2f} s + consolidate {cons:6.2f} s = {total:6.2f} s"
          f"   ratio Xanh/DuckDB = {total/duck:5.1f}")


if a.only in (None, "sqlite"):
    db = os.path.join(a.dir, "e2e.db")
    for f in (db, db + "-wal", db + "-shm"):
        if os.path.exists(f):
            os.remove(f)
    xanh("SQLite", f"sqlite://{db}?mode=rwc")
if a.only in (None, "postgres"):
    admin = f"{a.pg}/postgres"
    subprocess.run(["psql", "-q", admin, "-c", "DROP DATABASE IF EXISTS xanh_e2e", "-c", "CREATE DATABASE xanh_e2e"], check=True)
    xanh("PostgreSQL", f"{a.pg}/xanh_e2e")

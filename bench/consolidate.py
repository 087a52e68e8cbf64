#!/usr/bin/env python3
"""Consolidation of one period at national scale: `xanh consolidate` against
DuckDB running the equivalent aggregation SQL over the same data, side by side.

DuckDB gets the values already loaded (typed table in memory; loading is not
timed) and computes, for every year up to the period (the assessment needs
the series), every indicator's count, sum and weighted sums per province and
for the nation, with the completeness counts. Xanh's command runs as a whole
process (start, open the database, read the kept sums, aggregate by rule,
assess every series against its target, print JSON), timed from outside.
Each side runs 5 times; the median counts.

Usage: bench/consolidate.py [--dir /tmp/xanh-bench-national] [--period annual-2030]
Needs: bench/import.sh run first (DIR/xanh.db, PostgreSQL database xanh_bench), pip install duckdb.
"""
import argparse, statistics, subprocess, time, tomllib, os
import duckdb

p = argparse.ArgumentParser()
p.add_argument("--dir", default="/tmp/xanh-bench-national")
p.add_argument("--period", default="annual-2030")
p.add_argument("--xanh", default="target/release/xanh")
p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/xanh_bench")
p.add_argument("--runs", type=int, default=5)
a = p.parse_args()
year = int(a.period.split("-")[1])

fw = tomllib.load(open(os.path.join(a.dir, "framework.toml"), "rb"))
units = [(u["code"], u.get("parent")) for u in fw["units"] if u["kind"] in ("district", "city", "town", "commune")]
inds = [(i["code"], i.get("aggregation", "none"), i.get("weight")) for o in fw["objectives"] for i in o.get("indicators", [])]

con = duckdb.connect()
t = time.perf_counter()
con.execute(f"""CREATE TABLE vals AS SELECT CAST(substr(period, 8) AS INTEGER) AS year, indicator, unit_code,
  TRY_CAST(value AS DOUBLE) AS num FROM read_csv('{a.dir}/values.csv', header=true, all_varchar=true)""")
con.execute("CREATE TABLE units (code VARCHAR, area VARCHAR)")
con.executemany("INSERT INTO units VALUES (?, ?)", units)
con.execute("CREATE TABLE inds (code VARCHAR, rule VARCHAR, weight VARCHAR)")
con.executemany("INSERT INTO inds VALUES (?, ?, ?)", inds)
rows = con.execute("SELECT COUNT(*) FROM vals").fetchone()[0]
print(f"DuckDB {duckdb.__version__}: loaded {rows:,} values in {time.perf_counter()-t:.1f} s (not timed below)")

SQL = """
WITH v AS (SELECT * FROM vals WHERE year <= $year),
j AS (
  SELECT v.year, v.indicator, u.area, v.num, w.num AS weight
  FROM v JOIN units u ON u.code = v.unit_code JOIN inds i ON i.code = v.indicator
  LEFT JOIN v w ON w.year = v.year AND w.unit_code = v.unit_code AND w.indicator = i.weight AND w.num > 0
),
sums AS (
  SELECT year, indicator, COALESCE(area, '*') AS area, COUNT(*) AS reported, COUNT(num) AS n,
    COALESCE(SUM(num), 0) AS total, COUNT(num * weight) AS weighted_n,
    COALESCE(SUM(num * weight), 0) AS weighted_total,
    COALESCE(SUM(CASE WHEN num IS NOT NULL THEN weight END), 0) AS weight_total
  FROM j GROUP BY GROUPING SETS ((year, indicator, area), (year, indicator))
)
SELECT s.*, CASE i.rule WHEN 'sum' THEN s.total WHEN 'mean' THEN s.total / NULLIF(s.n, 0)
  WHEN 'weighted_mean' THEN s.weighted_total / NULLIF(s.weight_total, 0) END AS value,
  (SELECT COUNT(*) FROM units x WHERE x.area = s.area OR s.area = '*') AS expected
FROM sums s JOIN inds i ON i.code = s.indicator
"""

def duck():
    t = time.perf_counter()
    out = con.execute(SQL, {"year": year}).fetchall()
    return time.perf_counter() - t, len(out)

def xanh(url):
    t = time.perf_counter()
    r = subprocess.run([a.xanh, "--database", url, "consolidate", "--period", a.period, "--json"],
                       capture_output=True, text=True, check=True)
    return time.perf_counter() - t, len(r.stdout)

def median(f, *args):
    times = []
    for _ in range(a.runs):
        s, n = f(*args)
        times.append(s)
    return statistics.median(times), n

d, n = median(duck)
print(f"DuckDB aggregation SQL ({a.period}, years <= {year}):  {d*1000:8.1f} ms  ({n:,} result rows)")
for name, url in [("SQLite", f"sqlite://{a.dir}/xanh.db"), ("PostgreSQL", a.pg)]:
    try:
        x, size = median(xanh, url)
    except subprocess.CalledProcessError as e:
        print(f"xanh consolidate on {name}: failed: {e.stderr.strip()[:200]}")
        continue
    print(f"xanh consolidate --json on {name:10}: {x*1000:8.1f} ms  ({size:,} bytes of JSON)  ratio xanh/DuckDB = {x/d:.2f} (goal <= 1.0)")

#!/usr/bin/env python3
"""One line from a `wrk --latency` output: throughput, p50, p99 and their
ratio, with any non-2xx answers or socket errors. Writes the throughput and
the p99 beside the file (FILE.rps, FILE.p99) for the scripts' ratios.
Usage: bench/wrk_summary.py NAME FILE"""
import re, sys

name, path = sys.argv[1], sys.argv[2]
t = open(path).read()


def ms(s):
    n, u = re.match(r"([\d.]+)(\w+)", s).groups()
    return float(n) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[u]


rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)", t, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", t, re.M).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
sock = re.search(r"Socket errors: (.*)", t)
print(f"{name:14} {rps:10.0f} req/s   p50 {p50:8.2f} ms   p99 {p99:8.2f} ms   p99/p50 {p99/p50:5.1f}"
      f"{'   non-2xx: ' + errors.group(1) if errors else ''}{'   socket errors: ' + sock.group(1) if sock else ''}")
open(path + ".rps", "w").write(str(rps))
open(path + ".p99", "w").write(str(p99))

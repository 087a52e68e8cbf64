#!/usr/bin/env python3
"""16 officers saving values at the same time, through the JSON API, for a
given number of seconds: every save carries the version it was read at; a
conflict (409) is answered by reading the report again and saving again, as
the page asks a person to. At the end each officer's last saved value must
be the one stored: no save failed, no update lost.

Usage: bench/writers.py BASE_URL PASSWORD SECONDS   (accounts w01..w16, made by bench/load.sh)
"""
import re, sys, threading, time
import requests

base, password, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
# Four ministries lead one national objective each; four officers per ministry
# share one report, so they meet each other's versions.
MINISTRIES = ["BO-NNMT", "BO-CT", "BO-XD", "BO-KHCN"]

def csrf(html):
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    return m.group(1) if m else None

def sign_in(name):
    s = requests.Session()
    token = csrf(s.get(f"{base}/login").text)
    r = s.post(f"{base}/login", data={"username": name, "password": password, "csrf": token, "next": "/home"}, allow_redirects=False)
    assert r.status_code == 303, f"{name} cannot sign in: {r.status_code}"
    s.headers["X-CSRF-Token"] = csrf(s.get(f"{base}/account/tokens").text)
    return s

periods = requests.get(f"{base}/api/frameworks/quoc-gia-mau-2015-2030/periods").json()
period = max((p for p in periods if p["kind"] == "annual"), key=lambda p: p["year"])
boss = sign_in("w00")
r = boss.post(f"{base}/api/v1/periods/{period['id']}/open")
assert r.status_code in (200, 409, 422), f"opening the period: {r.status_code} {r.text[:200]}"

results = {}
def officer(k):
    name = f"w{k:02d}"
    s = sign_in(name)
    report = s.post(f"{base}/api/v1/periods/{period['id']}/my-report").json()["report"]
    objective = 11 + (k - 1) % 4
    # Each officer has a value of its own; four officers share a report.
    indicator, unit = f"{objective}.{1 + (k - 1) // 4}", "CHINH-PHU"
    mine = [k * 1000 + i for i in range(1, 100000)]
    saved, conflicts, failures, last = 0, 0, 0, None
    version = report["version"]
    end = time.time() + seconds
    i = 0
    while time.time() < end:
        value = mine[i]
        body = {"version": version, "values": [{"indicator": indicator, "unit": unit, "value": str(value), "note": name, "confirm": True}]}
        r = s.put(f"{base}/api/v1/reports/{report['id']}", json=body)
        if r.status_code == 200:
            version = r.json()["report"]["version"]
            saved += 1
            last = value
            i += 1
        elif r.status_code == 409:
            conflicts += 1
            version = s.get(f"{base}/api/v1/reports/{report['id']}").json()["report"]["version"]
        else:
            failures += 1
            print(name, r.status_code, r.text[:300], file=sys.stderr)
            time.sleep(0.1)
    results[name] = (report["id"], indicator, unit, saved, conflicts, failures, last)

threads = [threading.Thread(target=officer, args=(k,)) for k in range(1, 17)]
[t.start() for t in threads]
[t.join() for t in threads]

# Each officer's last successful save must be what is stored.
lost = 0
stored = {}
for name, (rid, *_rest) in results.items():
    data = boss.get(f"{base}/api/v1/reports/{rid}").json()
    for v in data["values"]:
        stored[(v["indicator"], v["unit"])] = v["value"]["value"] if v["value"] else None
for name, (rid, ind, unit, saved, conflicts, failures, last) in results.items():
    if last is not None and stored.get((ind, unit)) != last:
        lost += 1
        print(name, "stored", stored.get((ind, unit)), "last saved", last, file=sys.stderr)
total = {k: sum(r[i] for r in results.values()) for k, i in [("saved", 3), ("conflicts", 4), ("failures", 5)]}
print(f"writers: {total['saved']} saves ({total['saved']/seconds:.1f}/s), {total['conflicts']} conflicts answered by reloading, "
      f"{total['failures']} failures, {lost} lost updates")
sys.exit(1 if total["failures"] or lost else 0)

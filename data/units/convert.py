#!/usr/bin/env python3
"""One-off converter: vietnamadminunits 1.0.4 (PyPI, MIT) -> data/units/vn-2025.tsv.

Xanh never runs this at run time; it reads the TSV this writes (embedded in
the binary). Usage:

    pip download vietnamadminunits==1.0.4 --no-deps -d /tmp/vau
    unzip -oq /tmp/vau/vietnamadminunits-1.0.4-py3-none-any.whl -d /tmp/vau/x
    python3 data/units/convert.py /tmp/vau/x/vietnamadminunits/data > data/units/vn-2025.tsv

Names and codes come from the package's dataset.db (tables admin_units for
the 34 provinces and 3,321 communes after 1 July 2025, admin_units_legacy
for the 63 provinces, 696 districts and 10,035 communes before). The old ->
new mapping comes from converter_2025.json, which names units by slug
("tinhkontum_huyendakha_xadakla"); the slugs are resolved to the codes of
dataset.db here, and the script stops if any slug does not resolve exactly
once, so every code in the output is one the package itself gives.
"""
import json
import sqlite3
import sys
from pathlib import Path

EFFECTIVE = "2025-07-01"

NEW_PROVINCE_LEVEL = {"Tỉnh": "province", "Thành phố": "city"}
NEW_COMMUNE_LEVEL = {"Xã": "commune", "Phường": "ward", "Đặc khu": "special_zone"}
OLD_DISTRICT_LEVEL = {
    "Huyện": "district",
    "Quận": "urban_district",
    "Thị xã": "town",
    "Thành phố": "provincial_city",
}
OLD_COMMUNE_LEVEL = {"Xã": "commune", "Phường": "ward", "Thị trấn": "township"}


def fail(msg):
    sys.exit(f"convert.py: {msg}")


def level_of(name, table, what):
    # Case-insensitive: two old names are spelt "Thành Phố ..." (kept as given).
    for prefix, level in table.items():
        if name.lower().startswith(prefix.lower() + " "):
            return level
    fail(f"{what} {name!r} has no known type prefix")


def main(data_dir):
    data_dir = Path(data_dir)
    db = sqlite3.connect(data_dir / "dataset.db")
    conv = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))

    # --- new units (from 1 July 2025)
    new_provinces = {}  # provinceKey -> (code, name)
    new_wards = {}  # (provinceKey, wardKey) -> code
    units = []
    rows = db.execute(
        "SELECT provinceKey, provinceCode, province, wardKey, wardCode, ward, wardType "
        "FROM admin_units ORDER BY provinceCode, wardCode"
    ).fetchall()
    for pkey, pcode, pname, wkey, wcode, wname, wtype in rows:
        if pkey not in new_provinces:
            new_provinces[pkey] = (pcode, pname)
            units.append(("U", pcode, level_of(pname, NEW_PROVINCE_LEVEL, "province"), pname, ""))
        elif new_provinces[pkey] != (pcode, pname):
            fail(f"province key {pkey} has two codes or names")
        if (pkey, wkey) in new_wards:
            fail(f"new unit key {pkey}/{wkey} is not unique")
        new_wards[(pkey, wkey)] = wcode
        # The level is read from the name, which carries the type: in four
        # rows (10543, 11848, 31213, 31299) the package's wardType column
        # disagrees with the name, and vietnam-provinces 2025.10.1 gives the
        # same names, so the name is taken as right. They are reported.
        level = level_of(wname, NEW_COMMUNE_LEVEL, "new unit")
        if NEW_COMMUNE_LEVEL.get(wtype) != level:
            print(f"note: {wcode} {wname!r} has wardType {wtype!r}; level {level} from the name", file=sys.stderr)
        units.append(("U", wcode, level, wname, pcode))

    # --- old units (until 30 June 2025)
    old_provinces = {}  # provinceKey -> code
    old_districts = {}  # (provinceKey, districtKey) -> code
    old_by_key = {}  # "p_d_w" slug as in converter_2025.json -> code of the smallest unit
    old_units = []
    rows = db.execute(
        "SELECT provinceKey, provinceCode, province, districtKey, districtCode, district, "
        "wardKey, wardCode, ward FROM admin_units_legacy "
        "ORDER BY provinceCode, districtCode, wardCode"
    ).fetchall()
    for pkey, pcode, pname, dkey, dcode, dname, wkey, wcode, wname in rows:
        if pkey not in old_provinces:
            old_provinces[pkey] = pcode
            level = level_of(pname, NEW_PROVINCE_LEVEL, "old province")
            old_units.append(("O", pcode, level, pname, "", ""))
        if (pkey, dkey) not in old_districts:
            old_districts[(pkey, dkey)] = dcode
            level = level_of(dname, OLD_DISTRICT_LEVEL, "old district")
            old_units.append(("O", dcode, level, dname, pcode, ""))
        key = f"{pkey}_{dkey}_{wkey or ''}"
        if key in old_by_key:
            fail(f"old unit key {key} is not unique")
        if wcode:
            level = level_of(wname, OLD_COMMUNE_LEVEL, "old commune")
            old_units.append(("O", wcode, level, wname, pcode, dcode))
            old_by_key[key] = wcode
        else:
            # The five island districts had no communes; the converter keys
            # them with an empty commune part.
            old_by_key[key] = dcode

    # --- successions
    successions = {}  # (old_code, new_code) -> (whole, main)

    def add(old, new, whole, main_):
        if (old, new) in successions and successions[(old, new)] != (whole, main_):
            fail(f"succession {old} -> {new} given twice, differently")
        successions[(old, new)] = (whole, main_)

    for new_pkey, old_pkeys in conv["DICT_PROVINCE"].items():
        new_code = new_provinces[new_pkey][0]
        for old_pkey in old_pkeys:
            add(old_provinces[old_pkey], new_code, 1, 1)
    for new_pkey, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, old_keys in wards.items():
            new_code = new_wards.get((new_pkey, new_wkey)) or fail(f"no new unit {new_pkey}/{new_wkey}")
            for old_key in old_keys:
                old_code = old_by_key.get(old_key) or fail(f"no old unit {old_key}")
                add(old_code, new_code, 1, 1)
    for new_pkey, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in olds.items():
            old_code = old_by_key.get(old_key) or fail(f"no old unit {old_key}")
            if sum(1 for p in parts if p["isDefaultNewWard"]) != 1:
                fail(f"old unit {old_key} split without exactly one default")
            for part in parts:
                new_code = new_wards.get((new_pkey, part["newWardKey"])) or fail(
                    f"no new unit {new_pkey}/{part['newWardKey']}"
                )
                add(old_code, new_code, 0, 1 if part["isDefaultNewWard"] else 0)

    # Every old commune (and island district) must have a successor, and a
    # unit is either handed over whole to one unit or split into parts.
    olds = {}
    for (old, new), (whole, _) in successions.items():
        olds.setdefault(old, []).append(whole)
    for key, code in old_by_key.items():
        if code not in olds:
            fail(f"old unit {key} ({code}) has no successor")
    for code, wholes in olds.items():
        if 1 in wholes and len(wholes) > 1:
            fail(f"old unit {code} is both whole and split")

    out = sys.stdout
    out.write("# Vietnam's administrative units on 1 July 2025 and their predecessors.\n")
    out.write("# Source: vietnamadminunits 1.0.4 (PyPI, MIT, (c) 2025 Tran Ngoc Minh Hieu); see README.md.\n")
    out.write(f"# effective\t{EFFECTIVE}\n")
    out.write("# U\tcode\tlevel\tname\tprovince_code          (unit from 1 July 2025)\n")
    out.write("# O\tcode\tlevel\tname\tprovince_code\tdistrict_code   (unit until 30 June 2025)\n")
    out.write("# S\told_code\tnew_code\twhole|part|part-main   (old unit -> new unit)\n")
    for row in units + old_units:
        out.write("\t".join(row) + "\n")
    for (old, new), (whole, main_) in sorted(successions.items()):
        share = "whole" if whole else ("part-main" if main_ else "part")
        out.write(f"S\t{old}\t{new}\t{share}\n")
    print(
        f"{len(units)} new units, {len(old_units)} old units, {len(successions)} successions",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")

-- Vietnam's administrative-unit registry after 1 July 2025 (PostgreSQL). Keep in
-- step with ../sqlite/0008_admin_registry.sql.
--
-- Separate from org_units on purpose: org_units holds the agencies a
-- framework assigns work to; these tables hold the State's own list of
-- territorial units, loaded by `xanh units import` from a published data set
-- and replaced as a whole when that data set changes.
--
-- Codes are the official ones (2 digits for a province, 3 for a district,
-- 5 for a commune). Old and new codes overlap (a new commune usually keeps
-- the code of one old commune it absorbed), so the two lists are two tables.
-- Dates are ISO text (YYYY-MM-DD) on both databases.

-- Units in force from valid_from (2025-07-01): provinces and centrally-run
-- cities (no province_code), communes, wards and special zones.
CREATE TABLE admin_units (
    code TEXT PRIMARY KEY,
    level TEXT NOT NULL,
    name TEXT NOT NULL,
    -- lower-case name without its type word ("kon tum"), to find a unit by name
    lookup TEXT NOT NULL,
    province_code TEXT REFERENCES admin_units (code),
    valid_from TEXT NOT NULL
);
CREATE INDEX admin_units_province ON admin_units (province_code);
CREATE INDEX admin_units_lookup ON admin_units (lookup);

-- Units that ceased on valid_to (2025-06-30): the 63 provinces, their
-- districts and communes.
CREATE TABLE admin_units_former (
    code TEXT PRIMARY KEY,
    level TEXT NOT NULL,
    name TEXT NOT NULL,
    lookup TEXT NOT NULL,
    province_code TEXT REFERENCES admin_units_former (code),
    district_code TEXT REFERENCES admin_units_former (code),
    valid_to TEXT NOT NULL
);
CREATE INDEX admin_units_former_district ON admin_units_former (district_code);
CREATE INDEX admin_units_former_lookup ON admin_units_former (lookup);

-- Which new unit(s) an old unit became on effective (2025-07-01): an old
-- province or commune handed over whole, or split in parts (share 'part';
-- 'part-main' marks the part the source names as the default successor).
-- A district's successors are those of its communes.
CREATE TABLE admin_successions (
    old_code TEXT NOT NULL REFERENCES admin_units_former (code),
    new_code TEXT NOT NULL REFERENCES admin_units (code),
    share TEXT NOT NULL,
    effective TEXT NOT NULL,
    PRIMARY KEY (old_code, new_code)
);
CREATE INDEX admin_successions_new ON admin_successions (new_code);

-- Precomputed sums for consolidation at national scale (SQLite). Keep in step
-- with ../postgres/0006_aggregates.sql.
--
-- One row per period × indicator × area: the sums over the numeric values of
-- accepted reports of the area's territorial units (an area is a unit's parent:
-- a province for its communes). `area_code` = '*' holds the sum over all areas.
-- Rows are rewritten in the same transaction as every value write, every
-- acceptance or reopening and every bulk import, so they are never stale; a
-- test compares them with a recomputation from the values.
CREATE TABLE value_aggregates (
    period_id INTEGER NOT NULL REFERENCES reporting_periods(id),
    indicator_code TEXT NOT NULL,
    area_code TEXT NOT NULL,
    -- values of any kind (completeness), then numeric values only (the rules)
    reported INTEGER NOT NULL,
    n INTEGER NOT NULL,
    total REAL NOT NULL,
    weighted_n INTEGER NOT NULL,
    weighted_total REAL NOT NULL,
    weight_total REAL NOT NULL,
    PRIMARY KEY (period_id, indicator_code, area_code)
);

-- Bumped with every change to a period's sums: pages computed from the sums
-- are cached under the total of the generations of the periods they show, so
-- a server never shows a page older than the data (across processes too), and
-- a write to this year's period does not throw away the pages of past years.
CREATE TABLE aggregate_generation (
    period_id INTEGER PRIMARY KEY REFERENCES reporting_periods(id),
    generation INTEGER NOT NULL
);

-- Finding an area's units when its sums are refreshed.
CREATE INDEX org_units_by_parent ON org_units (parent_code);

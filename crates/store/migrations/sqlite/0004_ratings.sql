-- Qualitative ratings (SQLite). Keep in step with ../postgres/0004_ratings.sql.
-- A qualitative indicator is never computed: the consolidator rates it for a
-- year on a fixed scale and says why.
CREATE TABLE qualitative_ratings (
    id INTEGER PRIMARY KEY,
    framework_id INTEGER NOT NULL REFERENCES frameworks(id),
    indicator_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    rating TEXT NOT NULL,
    justification TEXT NOT NULL,
    rated_by INTEGER REFERENCES users(id),
    rated_at TEXT NOT NULL,
    UNIQUE (framework_id, indicator_code, year)
);

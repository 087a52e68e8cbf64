-- The provincial report (SQLite). Keep in step with ../postgres/0005_provincial_reports.sql.
-- Compiled by the consolidator from accepted agency reports, edited, then
-- issued: an issued version is never changed; a change needs a new version.
CREATE TABLE provincial_reports (
    id INTEGER PRIMARY KEY,
    period_id INTEGER NOT NULL REFERENCES reporting_periods(id),
    version INTEGER NOT NULL,
    state TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_json TEXT NOT NULL,
    indicators_json TEXT NOT NULL,
    number TEXT,
    issued_on TEXT,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    issued_by INTEGER REFERENCES users(id),
    UNIQUE (period_id, version)
);

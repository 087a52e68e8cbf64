-- The reporting cycle (SQLite). Keep in step with ../postgres/0002_reporting_cycle.sql.

-- Server-side sessions. The cookie holds a random token; only its SHA-256 is
-- stored, so a copy of the database does not hand out live sessions.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Per-user API tokens, revocable; stored as SHA-256 like sessions.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);

-- Failed logins, by account name and by client address, for throttling.
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    throttle_key TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_failures_by_throttle ON login_failures (throttle_key, at);

-- The narrative of a report, objective by objective, in the customary parts:
-- results, shortcomings (with causes), directions, recommendations.
CREATE TABLE narratives (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    objective_code TEXT NOT NULL,
    part TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_by INTEGER REFERENCES users(id),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (report_id, objective_code, part)
);

-- What a coordinating agency contributes to an objective led by another.
CREATE TABLE contributions (
    id INTEGER PRIMARY KEY,
    period_id INTEGER NOT NULL REFERENCES reporting_periods(id),
    objective_code TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    figures TEXT NOT NULL,
    body TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_by INTEGER REFERENCES users(id),
    updated_at TEXT NOT NULL,
    UNIQUE (period_id, objective_code, unit_code)
);

-- The consolidator's comments when returning or reopening a report. Internal:
-- never shown outside the agency and the consolidator.
CREATE TABLE report_comments (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id),
    author_id INTEGER REFERENCES users(id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX report_comments_by_report ON report_comments (report_id);

-- Each reminder once: a process claims it by inserting the row, so several
-- server processes never send the same reminder twice.
CREATE TABLE reminders (
    id INTEGER PRIMARY KEY,
    period_id INTEGER NOT NULL REFERENCES reporting_periods(id),
    unit_code TEXT NOT NULL,
    kind TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    recipients TEXT NOT NULL,
    outcome TEXT NOT NULL,
    UNIQUE (period_id, unit_code, kind)
);

ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE reports ADD COLUMN accepted_at TEXT;

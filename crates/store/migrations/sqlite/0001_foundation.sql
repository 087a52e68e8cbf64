-- Xanh foundation schema (SQLite). Keep in step with ../postgres/0001_foundation.sql:
-- the integration suite compares the two schemas table by table and column by column.
-- Only INTEGER, REAL and TEXT columns: sqlx's Any driver cannot read other SQLite types.
-- Dates are ISO text (YYYY-MM-DD); timestamps are RFC 3339 text in UTC; booleans are 0/1.

-- A framework's stable identity; its content lives in versions.
CREATE TABLE frameworks (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- Each distinct file imported for a framework. The newest version is current;
-- older ones are kept. `model_json` is the validated model exactly as loaded,
-- `source_text` the file as given, so any version can be shown or exported again.
CREATE TABLE framework_versions (
    id INTEGER PRIMARY KEY,
    framework_id INTEGER NOT NULL REFERENCES frameworks(id),
    version INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    title_vi TEXT NOT NULL,
    title_en TEXT NOT NULL,
    decision_number TEXT NOT NULL,
    decision_date TEXT NOT NULL,
    plan_from INTEGER NOT NULL,
    plan_to INTEGER NOT NULL,
    consolidator_code TEXT NOT NULL,
    issuer_code TEXT NOT NULL,
    source_text TEXT NOT NULL,
    model_json TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT,
    UNIQUE (framework_id, version),
    UNIQUE (framework_id, sha256)
);

-- Organisational units are shared by all frameworks and effective-dated, so a
-- reorganisation closes units and adds successors without rewriting history.
CREATE TABLE org_units (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    short_vi TEXT,
    short_en TEXT,
    parent_code TEXT,
    valid_from TEXT,
    valid_to TEXT,
    successor_code TEXT,
    updated_at TEXT NOT NULL
);

CREATE TABLE sections (
    id INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES framework_versions(id),
    code TEXT NOT NULL,
    ord INTEGER NOT NULL,
    title_vi TEXT NOT NULL,
    title_en TEXT NOT NULL,
    UNIQUE (version_id, code)
);

CREATE TABLE objectives (
    id INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES framework_versions(id),
    code TEXT NOT NULL,
    ord INTEGER NOT NULL,
    section_code TEXT,
    title_vi TEXT NOT NULL,
    title_en TEXT NOT NULL,
    output_vi TEXT NOT NULL,
    output_en TEXT NOT NULL,
    lead_code TEXT,
    source_ref TEXT,
    UNIQUE (version_id, code)
);

CREATE TABLE objective_activities (
    objective_id INTEGER NOT NULL REFERENCES objectives(id),
    ord INTEGER NOT NULL,
    text_vi TEXT NOT NULL,
    text_en TEXT NOT NULL,
    PRIMARY KEY (objective_id, ord)
);

CREATE TABLE objective_coordinators (
    objective_id INTEGER NOT NULL REFERENCES objectives(id),
    unit_code TEXT NOT NULL,
    PRIMARY KEY (objective_id, unit_code)
);

-- When each objective reports: annual, mid_term, end_term.
CREATE TABLE objective_reporting (
    objective_id INTEGER NOT NULL REFERENCES objectives(id),
    reporting_time TEXT NOT NULL,
    PRIMARY KEY (objective_id, reporting_time)
);

-- Indicators with their target in columns, so that consolidation can be done in SQL.
CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES framework_versions(id),
    objective_id INTEGER NOT NULL REFERENCES objectives(id),
    code TEXT NOT NULL,
    ord INTEGER NOT NULL,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    unit_vi TEXT NOT NULL,
    unit_en TEXT NOT NULL,
    kind TEXT NOT NULL,
    direction TEXT NOT NULL,
    target_form TEXT NOT NULL,
    target_value REAL,
    target_min REAL,
    target_max REAL,
    target_year INTEGER,
    target_from_year INTEGER,
    baseline_value REAL,
    baseline_year INTEGER,
    natural_limit REAL,
    aggregation TEXT NOT NULL,
    weight_code TEXT,
    reported_by_units INTEGER NOT NULL,
    UNIQUE (version_id, code)
);

-- Reporting periods belong to the framework (not a version), so values entered
-- for a period survive a new version of the framework file.
CREATE TABLE reporting_periods (
    id INTEGER PRIMARY KEY,
    framework_id INTEGER NOT NULL REFERENCES frameworks(id),
    code TEXT NOT NULL,
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    label_vi TEXT NOT NULL,
    label_en TEXT NOT NULL,
    data_from TEXT NOT NULL,
    data_to TEXT NOT NULL,
    deadline TEXT NOT NULL,
    state TEXT NOT NULL,
    UNIQUE (framework_id, code)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_code TEXT,
    disabled INTEGER NOT NULL,
    created_at TEXT NOT NULL
);

-- One report per agency and period; `version` is bumped on every write so that
-- concurrent edits are detected (optimistic versioning).
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    period_id INTEGER NOT NULL REFERENCES reporting_periods(id),
    unit_code TEXT NOT NULL,
    state TEXT NOT NULL,
    version INTEGER NOT NULL,
    submitted_at TEXT,
    submitted_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (period_id, unit_code)
);

-- A value per indicator × organisational unit × period, with who entered it and when.
-- `report_id` is the agency report that carries it.
CREATE TABLE indicator_values (
    id INTEGER PRIMARY KEY,
    period_id INTEGER NOT NULL REFERENCES reporting_periods(id),
    indicator_code TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    report_id INTEGER REFERENCES reports(id),
    value_num REAL,
    value_bool INTEGER,
    value_text TEXT,
    note TEXT,
    entered_by INTEGER REFERENCES users(id),
    entered_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    UNIQUE (period_id, indicator_code, unit_code)
);
CREATE INDEX indicator_values_by_indicator ON indicator_values (indicator_code, period_id);
CREATE INDEX indicator_values_by_report ON indicator_values (report_id);

-- Who changed what, when: old → new, and the reason where one was asked.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id),
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field TEXT,
    old_value TEXT,
    new_value TEXT,
    reason TEXT
);
CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id);

-- Installation-wide settings (SQLite). Keep in step with ../postgres/0003_settings.sql.
-- `demo` = '1' marks a database holding the sample data set: every page then says so.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Reporting over several levels (PostgreSQL). Keep in step with ../sqlite/0011_levels.sql.
-- A commune's figure is held by the commune's report until its department
-- accepts that report; it then moves into the department's report
-- (report_id), which carries it on to the consolidator, and keeps the report
-- it came from here, so every page can say where the figure was typed.
ALTER TABLE indicator_values ADD COLUMN source_report_id BIGINT REFERENCES reports(id);

-- Provincial report edits carry a revision (PostgreSQL). Keep in step with
-- ../sqlite/0007_provincial_revisions.sql.
--
-- `revision` counts the saves of a draft: a save names the revision its form
-- was built from and is refused when another save came first, so the last
-- writer no longer silently wins. `signer_title` and `signer_name` are the
-- signature block as fixed when the version is issued ("TM. ỦY BAN NHÂN
-- DÂN\nCHỦ TỊCH", the signer's name), so a later change of the framework's
-- document settings never rewrites an issued report.
ALTER TABLE provincial_reports ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
ALTER TABLE provincial_reports ADD COLUMN signer_title TEXT;
ALTER TABLE provincial_reports ADD COLUMN signer_name TEXT;

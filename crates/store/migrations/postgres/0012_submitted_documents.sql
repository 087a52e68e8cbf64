-- An agency's report as it was sent, kept as a PDF once someone signs it
-- (postgres; keep in step with ../sqlite/0012_submitted_documents.sql). One
-- row per submission (a report returned and sent again is a new document;
-- the earlier one stays as it was signed). The exact bytes are served from
-- then on, and their SHA-256 enters the audit chain, so /verify can say that
-- a file is exactly the report an agency sent.
CREATE TABLE submitted_documents (
    report_id BIGINT NOT NULL REFERENCES reports(id),
    submitted_at TEXT NOT NULL,
    pdf BYTEA NOT NULL,
    sha256 TEXT NOT NULL,
    signed_by TEXT,
    created_at TEXT NOT NULL,
    -- Prepared for a signer whose key Xanh never sees (the agency's head,
    -- then its records office): the PDF with a signature field reserved,
    -- and the SHA-256 (hex) given out to be signed.
    pending BYTEA,
    pending_digest TEXT,
    pending_signer TEXT,
    PRIMARY KEY (report_id, submitted_at)
);
CREATE INDEX submitted_documents_by_hash ON submitted_documents (sha256);

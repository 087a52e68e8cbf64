-- The PDF of an issued provincial report as it was signed: the exact bytes,
-- served from then on, and their SHA-256 (which also enters the audit chain),
-- so that anyone can check a copy against what was issued.
CREATE TABLE issued_documents (
    provincial_report_id BIGINT PRIMARY KEY REFERENCES provincial_reports(id),
    pdf BYTEA NOT NULL,
    sha256 TEXT NOT NULL,
    signed_by TEXT,
    created_at TEXT NOT NULL,
    -- Prepared for a signer whose key Xanh never sees: the PDF with its
    -- signature field reserved, and the SHA-256 (hex) given out to be signed.
    pending BYTEA,
    pending_digest TEXT,
    pending_signer TEXT
);
CREATE INDEX issued_documents_by_hash ON issued_documents (sha256);

-- A tamper-evident audit trail: each entry carries its place in the chain
-- (seq), the hash of the entry before it and the hash of its own content with
-- that one (SHA-256, computed by Xanh). The chain's head is kept in one row,
-- which every new entry updates: writers take their turn on it, so the chain
-- never forks. Entries written before this migration are sealed, in the order
-- they were written, when the server next starts.
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_log_by_seq ON audit_log (seq);
CREATE TABLE audit_chain (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    at TEXT
);
INSERT INTO audit_chain (id, seq, hash, at)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', NULL);

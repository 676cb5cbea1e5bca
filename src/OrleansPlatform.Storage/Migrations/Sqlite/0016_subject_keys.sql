-- Erasure by crypto-shredding (issue 13): one data key per subject, wrapped by the master key from configuration.
-- Erasing a subject drops its key for good (wrapped_key NULL) and keeps the row as a tombstone.
CREATE TABLE platform_subject_keys (
    subject_id  TEXT    PRIMARY KEY,
    wrapped_key BLOB,
    created_at  INTEGER NOT NULL,
    erased_at   INTEGER
);

CREATE INDEX platform_subject_keys_erased ON platform_subject_keys (erased_at) WHERE erased_at IS NOT NULL;

-- A check value of the master key (an HMAC of a constant, never the key).
CREATE TABLE platform_erasure_master (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    check_value TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

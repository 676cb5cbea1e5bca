-- Erasure by crypto-shredding (issue 13): one data key per subject, wrapped by the master key from configuration.
-- Erasing a subject drops its key for good (wrapped_key NULL) and keeps the row as a tombstone, so the subject can
-- never be given a new key that would make new events readable beside its shredded ones.
CREATE TABLE platform_subject_keys (
    subject_id  text        PRIMARY KEY,
    wrapped_key bytea,
    created_at  timestamptz NOT NULL,
    erased_at   timestamptz
);

-- Silos poll recent erasures to drop the keys they cached.
CREATE INDEX platform_subject_keys_erased ON platform_subject_keys (erased_at) WHERE erased_at IS NOT NULL;

-- A check value of the master key (an HMAC of a constant, never the key): a silo started with another key refuses to
-- start instead of failing on every read.
CREATE TABLE platform_erasure_master (
    id          integer     PRIMARY KEY CHECK (id = 1),
    check_value text        NOT NULL,
    created_at  timestamptz NOT NULL
);

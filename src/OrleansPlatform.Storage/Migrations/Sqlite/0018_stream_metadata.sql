-- Retention and deletion (issue 13): a stream's metadata (maxAge, maxCount, truncateBefore) beside its events.
CREATE TABLE platform_stream_metadata (
    stream_id       TEXT    PRIMARY KEY,
    max_age_ms      INTEGER,
    max_count       INTEGER,
    truncate_before INTEGER,
    deleted_at      INTEGER,
    updated_at      INTEGER NOT NULL
);

-- Retention and deletion (issue 13): a stream's metadata (maxAge, maxCount, truncateBefore) beside its events; a
-- soft delete stamps deleted_at, a hard delete leaves only the row (hard_deleted) so the id needs expectedVersion 0.
CREATE TABLE platform_stream_metadata (
    stream_id       TEXT    PRIMARY KEY,
    max_age_ms      INTEGER,
    max_count       INTEGER,
    truncate_before INTEGER,
    deleted_at      INTEGER,
    hard_deleted    INTEGER NOT NULL DEFAULT 0,
    updated_at      INTEGER NOT NULL
);

-- Retention and deletion (issue 13): a stream's metadata (maxAge, maxCount, truncateBefore) beside its events. Reads
-- apply it at once; the reclaim job deletes the rows it no longer retains later. A soft delete sets truncate_before
-- past the last event and stamps deleted_at, so reads answer 404 until the stream is appended to again. A hard delete
-- leaves only this row (hard_deleted), so the id is used again only by an append that expects no stream.
CREATE TABLE platform_stream_metadata (
    stream_id       text        PRIMARY KEY,
    max_age_ms      bigint,
    max_count       bigint,
    truncate_before bigint,
    deleted_at      timestamptz,
    hard_deleted    boolean     NOT NULL DEFAULT false,
    updated_at      timestamptz NOT NULL
);

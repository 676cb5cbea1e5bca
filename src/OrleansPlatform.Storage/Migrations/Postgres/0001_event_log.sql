-- The event log: one row per event, shared by every stream.
-- position = (transaction id << 20) | ordinal within the transaction. Ordering the global feed by it and reading
-- only below (oldest running transaction id << 20) means a reader never passes a row that commits later.
CREATE TABLE platform_events (
    position        bigint      NOT NULL,
    stream_id       text        NOT NULL,
    version         bigint      NOT NULL,
    event_id        uuid        NOT NULL,
    event_type      text        NOT NULL,
    data            json        NOT NULL,
    metadata        json        NULL,
    correlation_id  text        NULL,
    causation_id    text        NULL,
    created_at      timestamptz NOT NULL,
    CONSTRAINT platform_events_stream_version UNIQUE (stream_id, version),
    CONSTRAINT platform_events_stream_event UNIQUE (stream_id, event_id),
    CONSTRAINT platform_events_version_positive CHECK (version > 0)
);

-- Positions are unique by construction (one transaction id, distinct ordinals), so a plain index orders the feed
-- without a third uniqueness check on every insert. Type filters scan the feed by position (no per-type index: it
-- would cost every append an index insert for the benefit of rare, sparse type queries).
CREATE INDEX platform_events_by_position ON platform_events (position);
CREATE INDEX platform_events_by_correlation ON platform_events (correlation_id, position) WHERE correlation_id IS NOT NULL;

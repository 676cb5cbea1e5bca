-- The event log: one row per event, shared by every stream. SQLite has one writer at a time, so the
-- autoincrement position is already commit order and the global feed needs no visibility frontier.
CREATE TABLE platform_events (
    position        INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id       TEXT    NOT NULL,
    version         INTEGER NOT NULL CHECK (version > 0),
    event_id        TEXT    NOT NULL,
    event_type      TEXT    NOT NULL,
    data            TEXT    NOT NULL,
    metadata        TEXT    NULL,
    correlation_id  TEXT    NULL,
    causation_id    TEXT    NULL,
    created_at      INTEGER NOT NULL,
    UNIQUE (stream_id, version),
    UNIQUE (stream_id, event_id)
);

CREATE INDEX platform_events_by_type ON platform_events (event_type, position);
CREATE INDEX platform_events_by_correlation ON platform_events (correlation_id, position) WHERE correlation_id IS NOT NULL;

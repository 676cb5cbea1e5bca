-- Projection read models: documents keyed by (projection, definition version, id), so a changed definition builds
-- its version beside the serving one. data holds JSON text read with the JSON1 functions.
CREATE TABLE platform_projection_documents (
    projection  TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    id          TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    doc_version INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (projection, version, id)
);

-- Each partition's next feed position; it moves in the same transaction as the documents it covers.
CREATE TABLE platform_projection_checkpoints (
    projection    TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    partition     INTEGER NOT NULL,
    next_position INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (projection, version, partition)
);

-- Poison events: the projection went on past them.
CREATE TABLE platform_projection_parked (
    projection  TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    event_id    TEXT    NOT NULL,
    stream_id   TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    document_id TEXT,
    error       TEXT    NOT NULL,
    parked_at   INTEGER NOT NULL,
    PRIMARY KEY (projection, version, position)
);

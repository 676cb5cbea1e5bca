-- Projection read models: documents keyed by (projection, definition version, id), so a changed definition builds
-- its version beside the serving one. Ids compare by ordinal ("C") order, as SQLite's do, so cursors agree.
CREATE TABLE platform_projection_documents (
    projection  text    NOT NULL,
    version     integer NOT NULL,
    id          text    COLLATE "C" NOT NULL,
    data        jsonb   NOT NULL,
    doc_version bigint  NOT NULL,
    position    bigint  NOT NULL,
    PRIMARY KEY (projection, version, id)
);

-- Each partition's next feed position; it moves in the same transaction as the documents it covers.
CREATE TABLE platform_projection_checkpoints (
    projection    text        NOT NULL,
    version       integer     NOT NULL,
    partition     integer     NOT NULL,
    next_position bigint      NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (projection, version, partition)
);

-- Poison events: the projection went on past them.
CREATE TABLE platform_projection_parked (
    projection  text        NOT NULL,
    version     integer     NOT NULL,
    position    bigint      NOT NULL,
    event_id    uuid        NOT NULL,
    stream_id   text        NOT NULL,
    type        text        NOT NULL,
    document_id text,
    error       text        NOT NULL,
    parked_at   timestamptz NOT NULL,
    PRIMARY KEY (projection, version, position)
);

-- Snapshots kept beside a journal or stream, never inside it: a stream's versions stay its own, and deleting
-- every snapshot changes no answer (folding simply starts further back).
CREATE TABLE platform_snapshots (
    stream_id   text        NOT NULL,
    version     bigint      NOT NULL,
    type        text        NOT NULL,
    data        json        NOT NULL,
    created_at  timestamptz NOT NULL,
    CONSTRAINT platform_snapshots_pk PRIMARY KEY (stream_id, version)
);

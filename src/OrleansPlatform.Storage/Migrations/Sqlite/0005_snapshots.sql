-- Snapshots kept beside a journal or stream, never inside it: a stream's versions stay its own, and deleting
-- every snapshot changes no answer (folding simply starts further back).
CREATE TABLE platform_snapshots (
    stream_id   TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (stream_id, version)
);

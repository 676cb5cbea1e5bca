-- The saga read model: one row per saga instance, upserted by the saga's grain after each status change (the saga's
-- journal stays the record; this table answers lists and statistics). journal_version orders competing upserts.
CREATE TABLE platform_sagas (
    saga_id            TEXT    PRIMARY KEY,
    definition         TEXT    NOT NULL,
    definition_version INTEGER NOT NULL,
    status             TEXT    NOT NULL,
    started_at         INTEGER NOT NULL,
    ended_at           INTEGER,
    journal_version    INTEGER NOT NULL,
    compensated        INTEGER NOT NULL,
    reason             TEXT,
    failed_step        TEXT
);
CREATE INDEX platform_sagas_started ON platform_sagas (started_at DESC, saga_id DESC);
CREATE INDEX platform_sagas_definition ON platform_sagas (definition, status);

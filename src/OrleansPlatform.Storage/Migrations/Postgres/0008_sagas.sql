-- The saga read model: one row per saga instance, upserted by the saga's grain after each status change (the saga's
-- journal stays the record; this table answers lists and statistics). journal_version orders competing upserts.
CREATE TABLE platform_sagas (
    saga_id            text        PRIMARY KEY,
    definition         text        NOT NULL,
    definition_version integer     NOT NULL,
    status             text        NOT NULL,
    started_at         timestamptz NOT NULL,
    ended_at           timestamptz,
    journal_version    bigint      NOT NULL,
    compensated        boolean     NOT NULL,
    reason             text,
    failed_step        text
);
CREATE INDEX platform_sagas_started ON platform_sagas (started_at DESC, saga_id DESC);
CREATE INDEX platform_sagas_definition ON platform_sagas (definition, status);

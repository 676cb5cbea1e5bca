-- Read model of two-phase-commit transactions, upserted by each coordinator after its journal writes; the journals
-- ($tx:{id}) stay the record. Only statistics read it, so it may trail a journal briefly.
CREATE TABLE platform_transactions (
    transaction_id  TEXT    PRIMARY KEY,
    status          TEXT    NOT NULL,
    journal_version INTEGER NOT NULL,
    participants    INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    finished_at     INTEGER,
    duration_ms     REAL
);
CREATE INDEX platform_transactions_status ON platform_transactions (status);
CREATE INDEX platform_transactions_duration ON platform_transactions (duration_ms) WHERE duration_ms IS NOT NULL;

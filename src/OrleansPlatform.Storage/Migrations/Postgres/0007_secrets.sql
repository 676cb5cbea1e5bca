-- Secrets (webhook signing keys) kept apart from every journal: journals are read by anything that reads the log,
-- so they carry only a reference. A reference names its content (it ends in a hash of the value), so rows never change.
CREATE TABLE platform_secrets (
    reference   text        PRIMARY KEY,
    value       text        NOT NULL,
    created_at  timestamptz NOT NULL
);

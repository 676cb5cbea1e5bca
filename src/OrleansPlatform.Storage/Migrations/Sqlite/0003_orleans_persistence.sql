-- 0003_orleans_persistence.sql (SQLite)
-- Query keys, parameter names and result column names follow the contract of the Orleans 10.4.2 AdoNet providers.
-- Orleans grain state for Microsoft.Orleans.Persistence.AdoNet on Microsoft.Data.Sqlite
-- (Orleans invariant "System.Data.SQLite"). Registers WriteToStorageKey / ReadFromStorageKey /
-- ClearStorageKey / DeleteStorageKey in OrleansQuery (created by 0002).
-- Written for OrleansPlatform; not derived from upstream scripts.
--
-- A grain's state row is identified by (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension);
-- the two hashes computed by the provider only serve to narrow index look-ups.
-- version is the grain's ETag: the provider sends the version it last saw as @GrainStateVersion
-- (NULL when it has never seen a row) and treats "no row / NULL returned" as an ETag conflict.
-- Needs SQLite 3.35+ (RETURNING); the SQLitePCLRaw bundle used by Microsoft.Data.Sqlite 10 ships newer.

CREATE TABLE IF NOT EXISTS orleans_storage
(
    grain_id_hash      INTEGER NOT NULL,
    grain_type_hash    INTEGER NOT NULL,
    grain_id_n0        INTEGER NOT NULL,  -- first half of a Guid key, 0 for integer/string keys
    grain_id_n1        INTEGER NOT NULL,  -- second half of a Guid key, or the integer key
    grain_type         TEXT    NOT NULL,
    grain_id_extension TEXT    NULL,      -- key extension, or the whole key of string-keyed grains
    service_id         TEXT    NOT NULL,
    payload_binary     BLOB    NULL,      -- NULL once the state has been cleared
    version            INTEGER NOT NULL,
    modified_on        TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))
);

-- One row per grain; the extension is wrapped so that NULL and an empty extension stay different keys
-- (a plain UNIQUE would treat NULL extensions as distinct and allow duplicates).
CREATE UNIQUE INDEX IF NOT EXISTS ux_orleans_storage_grain
    ON orleans_storage (grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1,
                        service_id, grain_type, coalesce('+' || grain_id_extension, '-'));

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', '
SELECT payload_binary AS "PayloadBinary",
       version        AS "Version"
FROM orleans_storage
WHERE grain_id_hash = @GrainIdHash
  AND grain_type_hash = @GrainTypeHash
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND service_id = @ServiceId
  AND grain_type = @GrainTypeString
  AND grain_id_extension IS @GrainIdExtensionString;
'),

-- Update when the caller has an ETag, insert when it has none. At most one of the two statements
-- returns a row (the new version); no row at all means an ETag conflict.
('WriteToStorageKey', '
UPDATE orleans_storage
SET payload_binary = @PayloadBinary,
    version = version + 1,
    modified_on = strftime(''%Y-%m-%d %H:%M:%f'', ''now'')
WHERE @GrainStateVersion IS NOT NULL
  AND grain_id_hash = @GrainIdHash
  AND grain_type_hash = @GrainTypeHash
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND service_id = @ServiceId
  AND grain_type = @GrainTypeString
  AND grain_id_extension IS @GrainIdExtensionString
  AND version = @GrainStateVersion
RETURNING version AS "NewGrainStateVersion";
INSERT INTO orleans_storage
    (grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, grain_type,
     grain_id_extension, service_id, payload_binary, version)
SELECT @GrainIdHash, @GrainTypeHash, @GrainIdN0, @GrainIdN1, @GrainTypeString,
       @GrainIdExtensionString, @ServiceId, @PayloadBinary, 1
WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING version AS "NewGrainStateVersion";
'),

-- Clear keeps the row (payload set to NULL) and advances the version, which becomes the new ETag.
('ClearStorageKey', '
UPDATE orleans_storage
SET payload_binary = NULL,
    version = version + 1,
    modified_on = strftime(''%Y-%m-%d %H:%M:%f'', ''now'')
WHERE grain_id_hash = @GrainIdHash
  AND grain_type_hash = @GrainTypeHash
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND service_id = @ServiceId
  AND grain_type = @GrainTypeString
  AND grain_id_extension IS @GrainIdExtensionString
  AND version = @GrainStateVersion
RETURNING version AS "NewGrainStateVersion";
'),

-- Used instead of ClearStorageKey when AdoNetGrainStorageOptions.DeleteStateOnClear is set.
-- Returns the deleted version + 1 so the provider can tell success from a conflict.
('DeleteStorageKey', '
DELETE FROM orleans_storage
WHERE grain_id_hash = @GrainIdHash
  AND grain_type_hash = @GrainTypeHash
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND service_id = @ServiceId
  AND grain_type = @GrainTypeString
  AND grain_id_extension IS @GrainIdExtensionString
  AND version = @GrainStateVersion
RETURNING version + 1 AS "NewGrainStateVersion";
');

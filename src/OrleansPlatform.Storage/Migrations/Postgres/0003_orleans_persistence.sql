-- 0003_orleans_persistence.sql (PostgreSQL)
-- Query keys, parameter names and result column names follow the contract of the Orleans 10.4.2 AdoNet providers.
-- Orleans grain state for Microsoft.Orleans.Persistence.AdoNet (invariant "Npgsql").
-- Registers WriteToStorageKey / ReadFromStorageKey / ClearStorageKey / DeleteStorageKey in OrleansQuery
-- (created by 0002). Written for OrleansPlatform; not derived from upstream scripts.
--
-- A grain's state row is identified by (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension);
-- the two hashes computed by the provider only serve to narrow index look-ups.
-- version is the grain's ETag: the provider sends the version it last saw as @GrainStateVersion
-- (NULL when it has never seen a row) and treats "no row / NULL returned" as an ETag conflict.

CREATE TABLE IF NOT EXISTS orleans_storage
(
    grain_id_hash      integer     NOT NULL,
    grain_type_hash    integer     NOT NULL,
    grain_id_n0        bigint      NOT NULL,  -- first half of a Guid key, 0 for integer/string keys
    grain_id_n1        bigint      NOT NULL,  -- second half of a Guid key, or the integer key
    grain_type         text        NOT NULL,
    grain_id_extension text        NULL,      -- key extension, or the whole key of string-keyed grains
    service_id         text        NOT NULL,
    payload_binary     bytea       NULL,      -- NULL once the state has been cleared
    version            integer     NOT NULL,
    modified_on        timestamptz NOT NULL DEFAULT now()
);

-- One row per grain. The extension is hashed so arbitrarily long string keys stay within index limits,
-- and wrapped so that a NULL extension and an empty one remain different keys.
CREATE UNIQUE INDEX IF NOT EXISTS ux_orleans_storage_grain
    ON orleans_storage (grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1,
                        service_id, grain_type, md5(coalesce('+' || grain_id_extension, '-')));

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $sql$
SELECT s.payload_binary AS "PayloadBinary",
       s.version        AS "Version"
FROM orleans_storage AS s
WHERE s.grain_id_hash = @GrainIdHash
  AND s.grain_type_hash = @GrainTypeHash
  AND s.grain_id_n0 = @GrainIdN0
  AND s.grain_id_n1 = @GrainIdN1
  AND s.service_id = @ServiceId
  AND s.grain_type = @GrainTypeString
  AND s.grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString;
$sql$),

-- Insert when the caller has no ETag, otherwise update only if the stored version still matches.
-- Exactly one of the two branches can produce a row; none means a conflict.
('WriteToStorageKey', $sql$
WITH updated AS (
    UPDATE orleans_storage AS s
    SET payload_binary = @PayloadBinary,
        version = s.version + 1,
        modified_on = now()
    WHERE @GrainStateVersion IS NOT NULL
      AND s.grain_id_hash = @GrainIdHash
      AND s.grain_type_hash = @GrainTypeHash
      AND s.grain_id_n0 = @GrainIdN0
      AND s.grain_id_n1 = @GrainIdN1
      AND s.service_id = @ServiceId
      AND s.grain_type = @GrainTypeString
      AND s.grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
      AND s.version = @GrainStateVersion
    RETURNING s.version
), inserted AS (
    INSERT INTO orleans_storage
        (grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, grain_type,
         grain_id_extension, service_id, payload_binary, version, modified_on)
    SELECT @GrainIdHash, @GrainTypeHash, @GrainIdN0, @GrainIdN1, @GrainTypeString,
           @GrainIdExtensionString, @ServiceId, @PayloadBinary, 1, now()
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted;
$sql$),

-- Clear keeps the row (payload set to NULL) and advances the version, which becomes the new ETag.
('ClearStorageKey', $sql$
UPDATE orleans_storage AS s
SET payload_binary = NULL,
    version = s.version + 1,
    modified_on = now()
WHERE s.grain_id_hash = @GrainIdHash
  AND s.grain_type_hash = @GrainTypeHash
  AND s.grain_id_n0 = @GrainIdN0
  AND s.grain_id_n1 = @GrainIdN1
  AND s.service_id = @ServiceId
  AND s.grain_type = @GrainTypeString
  AND s.grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
  AND s.version = @GrainStateVersion
RETURNING s.version AS "NewGrainStateVersion";
$sql$),

-- Used instead of ClearStorageKey when AdoNetGrainStorageOptions.DeleteStateOnClear is set.
-- Returns the deleted version + 1 so the provider can tell success from a conflict.
('DeleteStorageKey', $sql$
DELETE FROM orleans_storage AS s
WHERE s.grain_id_hash = @GrainIdHash
  AND s.grain_type_hash = @GrainTypeHash
  AND s.grain_id_n0 = @GrainIdN0
  AND s.grain_id_n1 = @GrainIdN1
  AND s.service_id = @ServiceId
  AND s.grain_type = @GrainTypeString
  AND s.grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
  AND s.version = @GrainStateVersion
RETURNING s.version + 1 AS "NewGrainStateVersion";
$sql$);

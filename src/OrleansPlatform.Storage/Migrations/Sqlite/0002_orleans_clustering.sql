-- 0002_orleans_clustering.sql (SQLite)
-- Query keys, parameter names and result column names follow the contract of the Orleans 10.4.2 AdoNet providers.
-- Orleans cluster membership for Microsoft.Orleans.Clustering.AdoNet on Microsoft.Data.Sqlite.
-- NOTE: the Orleans invariant for SQLite is "System.Data.SQLite" (Orleans maps that name to
-- Microsoft.Data.Sqlite.SqliteFactory); the string "Microsoft.Data.Sqlite" is rejected by Orleans.
-- Also creates OrleansQuery, the lookup table from which every Orleans AdoNet provider loads its
-- query texts at start-up ("SELECT QueryKey, QueryText FROM OrleansQuery").
-- Written for OrleansPlatform; not derived from upstream scripts.
--
-- Concurrency model: orleans_membership_version holds one counter per cluster (DeploymentId = ClusterId).
-- Membership inserts/updates are compare-and-swap on that counter (@Version = the version the caller read).
-- SQLite cannot change two tables in one statement, so the counter is advanced by the triggers below,
-- inside the same (atomic) statement that inserts a member or changes its status/suspicions.
-- Date/times are stored as TEXT in Microsoft.Data.Sqlite's "yyyy-MM-dd HH:mm:ss.FFFFFFF" UTC form.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id TEXT    NOT NULL PRIMARY KEY,
    version       INTEGER NOT NULL DEFAULT 0,
    updated_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))
);

CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id   TEXT    NOT NULL
        REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
    address         TEXT    NOT NULL,
    port            INTEGER NOT NULL,
    generation      INTEGER NOT NULL,
    silo_name       TEXT    NOT NULL,
    host_name       TEXT    NOT NULL,
    status          INTEGER NOT NULL,  -- Orleans SiloStatus (3 = Active, 6 = Dead)
    proxy_port      INTEGER NULL,      -- gateway port, 0 when the silo is not a gateway
    suspect_times   TEXT    NULL,
    start_time      TEXT    NOT NULL,
    i_am_alive_time TEXT    NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

CREATE TRIGGER IF NOT EXISTS trg_orleans_membership_inserted
AFTER INSERT ON orleans_membership
BEGIN
    UPDATE orleans_membership_version
    SET version = version + 1,
        updated_at = strftime('%Y-%m-%d %H:%M:%f', 'now')
    WHERE deployment_id = NEW.deployment_id;
END;

-- Only status/suspicion changes are membership changes; I-am-alive heartbeats do not advance the version.
CREATE TRIGGER IF NOT EXISTS trg_orleans_membership_updated
AFTER UPDATE OF status, suspect_times ON orleans_membership
BEGIN
    UPDATE orleans_membership_version
    SET version = version + 1,
        updated_at = strftime('%Y-%m-%d %H:%M:%f', 'now')
    WHERE deployment_id = NEW.deployment_id;
END;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', '
INSERT INTO orleans_membership_version (deployment_id, version)
VALUES (@DeploymentId, 0)
ON CONFLICT (deployment_id) DO NOTHING;
SELECT changes() > 0;
'),

('MembershipReadAllKey', '
SELECT v.version         AS "Version",
       m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version AS v
LEFT JOIN orleans_membership AS m
       ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId;
'),

('MembershipReadRowKey', '
SELECT v.version         AS "Version",
       m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version AS v
LEFT JOIN orleans_membership AS m
       ON  m.deployment_id = v.deployment_id
       AND m.address = @Address
       AND m.port = @Port
       AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId;
'),

-- The version check and the insert are one statement; trg_orleans_membership_inserted advances the version.
('InsertMembershipKey', '
INSERT INTO orleans_membership
    (deployment_id, address, port, generation, silo_name, host_name,
     status, proxy_port, start_time, i_am_alive_time)
SELECT @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
       @Status, @ProxyPort, @StartTime, @IAmAliveTime
WHERE EXISTS (SELECT 1
              FROM orleans_membership_version
              WHERE deployment_id = @DeploymentId
                AND version = @Version)
ON CONFLICT DO NOTHING;
SELECT changes() > 0;
'),

-- The version check and the update are one statement; trg_orleans_membership_updated advances the version.
('UpdateMembershipKey', '
UPDATE orleans_membership
SET status = @Status,
    suspect_times = @SuspectTimes,
    i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation
  AND EXISTS (SELECT 1
              FROM orleans_membership_version
              WHERE deployment_id = @DeploymentId
                AND version = @Version);
SELECT changes() > 0;
'),

('UpdateIAmAlivetimeKey', '
UPDATE orleans_membership
SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation;
'),

('GatewaysQueryKey', '
SELECT address    AS "Address",
       proxy_port AS "ProxyPort",
       generation AS "Generation"
FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND status = @Status
  AND proxy_port > 0;
'),

-- Optional key, preferred by Orleans 10.4+ when present: Orleans reads the table, picks Dead entries whose
-- start/alive times and suspicions are older than the cut-off, and deletes each one with this query,
-- which only removes the row if it is still Dead and has not been refreshed since it was read.
-- (Date/time TEXT compares chronologically: every value starts with the same fixed-width layout.)
('CleanupDefunctSiloEntryKey', '
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation
  AND status = 6
  AND start_time = @StartTime
  AND i_am_alive_time <= @IAmAliveTime
  AND coalesce(suspect_times, '''') = coalesce(@SuspectTimes, '''');
'),

-- Bulk fallback (required key): removes stale rows of silos that are no longer Active.
-- Neither cleanup query advances the table version.
('CleanupDefunctSiloEntriesKey', '
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND i_am_alive_time < @IAmAliveTime
  AND status <> 3;
'),

-- Drops the whole cluster. Members are deleted explicitly as SQLite may run with foreign keys disabled.
('DeleteMembershipTableEntriesKey', '
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId;
DELETE FROM orleans_membership_version
WHERE deployment_id = @DeploymentId;
');

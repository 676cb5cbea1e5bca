-- 0002_orleans_clustering.sql (PostgreSQL)
-- Query keys, parameter names and result column names follow the contract of the Orleans 10.4.2 AdoNet providers.
-- Orleans cluster membership for Microsoft.Orleans.Clustering.AdoNet (invariant "Npgsql").
-- Also creates OrleansQuery, the lookup table from which every Orleans AdoNet provider
-- loads its query texts at start-up (the providers run "SELECT QueryKey, QueryText FROM OrleansQuery";
-- unquoted, so PostgreSQL resolves it to orleansquery / querykey / querytext).
-- Query texts use Npgsql named parameters (@Name) and return columns under the exact names the
-- providers read ("Version", "Address", ...). Written for OrleansPlatform; not derived from upstream scripts.
--
-- Concurrency model: orleans_membership_version holds one counter per cluster (DeploymentId = ClusterId).
-- Every membership insert/update is a compare-and-swap on that counter (the caller passes the version it
-- last read as @Version) and is done in a single statement, so the check and the change are atomic.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id varchar(150) NOT NULL PRIMARY KEY,
    version       integer      NOT NULL DEFAULT 0,
    updated_at    timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id   varchar(150) NOT NULL
        REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
    address         varchar(45)  NOT NULL,  -- IPv4 or IPv6 text form
    port            integer      NOT NULL,
    generation      integer      NOT NULL,
    silo_name       varchar(150) NOT NULL,
    host_name       varchar(150) NOT NULL,
    status          integer      NOT NULL,  -- Orleans SiloStatus (3 = Active, 6 = Dead)
    proxy_port      integer      NULL,      -- gateway port, 0 when the silo is not a gateway
    suspect_times   text         NULL,      -- "silo,date|silo,date" as formatted by Orleans
    start_time      timestamptz  NOT NULL,
    i_am_alive_time timestamptz  NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $sql$
WITH created AS (
    INSERT INTO orleans_membership_version (deployment_id, version, updated_at)
    VALUES (@DeploymentId, 0, now())
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM created);
$sql$),

('MembershipReadAllKey', $sql$
SELECT v.version           AS "Version",
       m.address           AS "Address",
       m.port              AS "Port",
       m.generation        AS "Generation",
       m.silo_name         AS "SiloName",
       m.host_name         AS "HostName",
       m.status            AS "Status",
       m.proxy_port        AS "ProxyPort",
       m.suspect_times     AS "SuspectTimes",
       m.start_time        AS "StartTime",
       m.i_am_alive_time   AS "IAmAliveTime"
FROM orleans_membership_version AS v
LEFT JOIN orleans_membership AS m
       ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId;
$sql$),

('MembershipReadRowKey', $sql$
SELECT v.version           AS "Version",
       m.address           AS "Address",
       m.port              AS "Port",
       m.generation        AS "Generation",
       m.silo_name         AS "SiloName",
       m.host_name         AS "HostName",
       m.status            AS "Status",
       m.proxy_port        AS "ProxyPort",
       m.suspect_times     AS "SuspectTimes",
       m.start_time        AS "StartTime",
       m.i_am_alive_time   AS "IAmAliveTime"
FROM orleans_membership_version AS v
LEFT JOIN orleans_membership AS m
       ON  m.deployment_id = v.deployment_id
       AND m.address = @Address
       AND m.port = @Port
       AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId;
$sql$),

('InsertMembershipKey', $sql$
WITH bumped AS (
    UPDATE orleans_membership_version AS v
    SET version = v.version + 1,
        updated_at = now()
    WHERE v.deployment_id = @DeploymentId
      AND v.version = @Version
      AND NOT EXISTS (SELECT 1
                      FROM orleans_membership AS x
                      WHERE x.deployment_id = @DeploymentId
                        AND x.address = @Address
                        AND x.port = @Port
                        AND x.generation = @Generation)
    RETURNING v.deployment_id
), inserted AS (
    INSERT INTO orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name,
         status, proxy_port, start_time, i_am_alive_time)
    SELECT b.deployment_id, @Address, @Port, @Generation, @SiloName, @HostName,
           @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM bumped AS b
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted);
$sql$),

('UpdateMembershipKey', $sql$
WITH bumped AS (
    UPDATE orleans_membership_version AS v
    SET version = v.version + 1,
        updated_at = now()
    WHERE v.deployment_id = @DeploymentId
      AND v.version = @Version
      AND EXISTS (SELECT 1
                  FROM orleans_membership AS x
                  WHERE x.deployment_id = @DeploymentId
                    AND x.address = @Address
                    AND x.port = @Port
                    AND x.generation = @Generation)
    RETURNING v.deployment_id
), updated AS (
    UPDATE orleans_membership AS m
    SET status = @Status,
        suspect_times = @SuspectTimes,
        i_am_alive_time = @IAmAliveTime
    FROM bumped AS b
    WHERE m.deployment_id = b.deployment_id
      AND m.address = @Address
      AND m.port = @Port
      AND m.generation = @Generation
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM updated);
$sql$),

('UpdateIAmAlivetimeKey', $sql$
UPDATE orleans_membership
SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation;
$sql$),

('GatewaysQueryKey', $sql$
SELECT address    AS "Address",
       proxy_port AS "ProxyPort",
       generation AS "Generation"
FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND status = @Status
  AND proxy_port > 0;
$sql$),

-- Optional key, preferred by Orleans 10.4+ when present: Orleans reads the table, picks Dead entries whose
-- start/alive times and suspicions are older than the cut-off, and deletes each one with this query,
-- which only removes the row if it is still Dead and has not been refreshed since it was read.
('CleanupDefunctSiloEntryKey', $sql$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation
  AND status = 6
  AND start_time = @StartTime
  AND i_am_alive_time <= @IAmAliveTime
  AND coalesce(suspect_times, '') = coalesce(@SuspectTimes, '');
$sql$),

-- Bulk fallback (required key): removes stale rows of silos that are no longer Active.
-- Neither cleanup query advances the table version.
('CleanupDefunctSiloEntriesKey', $sql$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND i_am_alive_time < @IAmAliveTime
  AND status <> 3;
$sql$),

-- Drops the whole cluster (member rows go with the version row through ON DELETE CASCADE).
('DeleteMembershipTableEntriesKey', $sql$
DELETE FROM orleans_membership_version
WHERE deployment_id = @DeploymentId;
$sql$);

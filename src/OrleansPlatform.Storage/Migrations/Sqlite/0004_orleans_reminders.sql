-- 0004_orleans_reminders.sql (SQLite)
-- Query keys, parameter names and result column names follow the contract of the Orleans 10.4.2 AdoNet providers.
-- Orleans reminder table for Microsoft.Orleans.Reminders.AdoNet on Microsoft.Data.Sqlite
-- (Orleans invariant "System.Data.SQLite"). Registers the reminder query texts in OrleansQuery
-- (created by 0002). Written for OrleansPlatform; not derived from upstream scripts.
--
-- grain_hash is the grain's uniform hash code stored as a signed 32-bit integer (the provider casts the
-- uint), and range reads compare it in that signed space. version is the reminder's ETag.
-- start_time is TEXT in Microsoft.Data.Sqlite's "yyyy-MM-dd HH:mm:ss.FFFFFFF" UTC form.

CREATE TABLE IF NOT EXISTS orleans_reminders
(
    service_id    TEXT    NOT NULL,
    grain_id      TEXT    NOT NULL,
    reminder_name TEXT    NOT NULL,
    start_time    TEXT    NOT NULL,
    period        INTEGER NOT NULL,  -- milliseconds
    grain_hash    INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS ix_orleans_reminders_hash
    ON orleans_reminders (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', '
INSERT INTO orleans_reminders
    (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
VALUES
    (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = excluded.start_time,
    period = excluded.period,
    grain_hash = excluded.grain_hash,
    version = version + 1
RETURNING version AS "Version";
'),

('ReadReminderRowKey', '
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period        AS "Period",
       version       AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId
  AND grain_id = @GrainId
  AND reminder_name = @ReminderName;
'),

('ReadReminderRowsKey', '
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period        AS "Period",
       version       AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId
  AND grain_id = @GrainId;
'),

-- Ring range (BeginHash, EndHash] that does not wrap around (used when BeginHash < EndHash).
('ReadRangeRows1Key', '
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period        AS "Period",
       version       AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId
  AND grain_hash > @BeginHash
  AND grain_hash <= @EndHash;
'),

-- Ring range (BeginHash, EndHash] that wraps around (used otherwise; equal bounds mean the whole ring).
('ReadRangeRows2Key', '
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period        AS "Period",
       version       AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId
  AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
'),

('DeleteReminderRowKey', '
DELETE FROM orleans_reminders
WHERE service_id = @ServiceId
  AND grain_id = @GrainId
  AND reminder_name = @ReminderName
  AND version = @Version;
SELECT changes() > 0;
'),

('DeleteReminderRowsKey', '
DELETE FROM orleans_reminders
WHERE service_id = @ServiceId;
');

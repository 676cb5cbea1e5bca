-- The global feed from a time (GET /api/v1/events?fromTime=): find the first stamp at or after it, then the lowest
-- position among the stamps just after, without scanning the log. position is included so that second step reads
-- the index only.
CREATE INDEX IF NOT EXISTS platform_events_by_time ON platform_events (created_at, position);

-- Positions are unique while the transaction id counter only moves forward. After a dump/restore or a
-- logical-replication move it restarts lower, and a new event could be given a stored event's position: the database
-- must refuse that rather than keep two events at one place in the global feed. (The start-up guard refuses to run
-- at all in that state; this index is the last line.) The unique index also orders the feed, replacing the plain one.
CREATE UNIQUE INDEX platform_events_position_unique ON platform_events (position);
DROP INDEX platform_events_by_position;

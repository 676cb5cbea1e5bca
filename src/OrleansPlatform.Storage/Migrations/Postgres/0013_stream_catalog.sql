-- The stream catalog (status counts, stream browser): one entry per stream, its first event. Partial, so only a
-- stream's first append pays the index insert; C collation so prefix ranges are ordinal, whatever the database's locale.
CREATE INDEX IF NOT EXISTS platform_events_stream_starts ON platform_events (stream_id COLLATE "C") WHERE version = 1;

-- Event schemas (issue 13): the schema version an event's data was stored at. Null for types without a schema and
-- for events written before their type had one (read as version 1).
ALTER TABLE platform_events ADD COLUMN schema_version INTEGER;

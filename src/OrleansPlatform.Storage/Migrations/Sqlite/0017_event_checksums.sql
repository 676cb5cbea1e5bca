-- Integrity (issue 13): each event's SHA-256 checksum (hex) over its stored content and its stream's previous
-- checksum (see Storage/Integrity/EventChecksum.cs). Rows written before this migration keep NULL: not chained, and
-- verification starts a stream's chain at its first checksummed event.
ALTER TABLE platform_events ADD COLUMN checksum TEXT;
ALTER TABLE platform_events ADD COLUMN previous_checksum TEXT;

-- Integrity (issue 13): each event's SHA-256 checksum (hex) over its stored content and its stream's previous
-- checksum (see Storage/Integrity/EventChecksum.cs for the byte layout). Rows written before this migration keep NULL:
-- they are not chained, and verification starts a stream's chain at its first checksummed event.
ALTER TABLE platform_events ADD COLUMN checksum text;
ALTER TABLE platform_events ADD COLUMN previous_checksum text;

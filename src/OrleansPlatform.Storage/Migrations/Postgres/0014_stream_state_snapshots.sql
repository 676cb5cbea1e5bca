-- Stream-state snapshots (issue 12). event_time is the stamp of the snapshot's last event, so a state "at a time"
-- can start from the newest snapshot whose events all precede it (a stream's stamps only grow).
-- platform_snapshot_subjects lists the streams whose snapshots hold plaintext of a subject's sealed events, so
-- erasing the subject deletes those snapshots without a scan.
ALTER TABLE platform_snapshots ADD COLUMN event_time timestamptz NULL;

CREATE TABLE platform_snapshot_subjects (
    subject_id  text NOT NULL,
    stream_id   text NOT NULL,
    CONSTRAINT platform_snapshot_subjects_pk PRIMARY KEY (subject_id, stream_id)
);

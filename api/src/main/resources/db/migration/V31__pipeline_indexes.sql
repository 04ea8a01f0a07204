-- One document per content and kind in a dossier: uploading the same file again finds the first one
-- (ON CONFLICT), without locking the whole dossier against its own pipeline. A document the pipeline
-- gave up on (FAILED) does not count, so the architect can upload it again.
CREATE UNIQUE INDEX document_content_uniq ON document(dossier_id, sha256, kind) WHERE status <> 'FAILED';
DROP INDEX document_sha_idx;

-- Dead tasks, counted for the queue-depth metric without reading the done ones.
CREATE INDEX stage_task_dead_idx ON stage_task(stage) WHERE state = 'DEAD';

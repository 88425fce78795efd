-- A recipient with no known working time (a shift worker with no shifts ahead) is held without a
-- due time rather than at a made-up one: their deliveries are HELD with no due_at, and their inbox
-- entry has no reachable_at, until a change of their availability gives them one. Only a HELD
-- delivery may lack a due time (NOT VALID: every row written before this has one, and new rows
-- are checked without scanning the outbox).
ALTER TABLE deliveries ALTER COLUMN due_at DROP NOT NULL;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_due_at_check CHECK (due_at IS NOT NULL OR status = 'HELD') NOT VALID;
ALTER TABLE inbox_entries ALTER COLUMN reachable_at DROP NOT NULL;

-- The fan-out tables are written in bulk: one send to 100,000 people inserts 100,000 inbox
-- entries and a delivery per phone. Their foreign-key checks ran once per row (six per
-- recipient) and were most of a large send's time (2.5 of 3.5 s for 100,000 recipients, measured
-- with scripts/bench/held-release). They are dropped: these rows are only ever created by the
-- send's INSERT ... SELECT from the rows they point to, in the same transaction, and those rows
-- are never deleted (employees leave, phones retire, messages stay). Uniqueness of one entry per
-- (message, employee) stays with the primary key.
ALTER TABLE inbox_entries DROP CONSTRAINT inbox_entries_message_id_fkey;
ALTER TABLE inbox_entries DROP CONSTRAINT inbox_entries_employee_id_fkey;
ALTER TABLE deliveries DROP CONSTRAINT deliveries_message_id_fkey;
ALTER TABLE deliveries DROP CONSTRAINT deliveries_employee_id_fkey;
ALTER TABLE deliveries DROP CONSTRAINT deliveries_device_id_fkey;
ALTER TABLE deliveries DROP CONSTRAINT deliveries_digest_id_fkey;
-- The primary key (message_id, employee_id) already serves lookups by message.
DROP INDEX inbox_entries_message_idx;

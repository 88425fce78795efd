-- A delivery row is written three times: inserted by the send, claimed by a worker (lease and
-- attempts), marked with its result. Room left on each page lets the claim, which changes no
-- indexed column, be a HOT update: no new entries in the outbox's indexes for each of the
-- 100,000 claims of an all-staff message (measured with scripts/bench/push-fanout).
ALTER TABLE deliveries SET (fillfactor = 50);

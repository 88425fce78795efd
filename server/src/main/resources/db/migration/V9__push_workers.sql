-- The delivery workers that are running, one row each, refreshed by a heartbeat: they share
-- the FCM project quota between them, and a pause one of them is told to take (429 with
-- Retry-After, a configuration error) is taken by all.
CREATE TABLE push_workers (
  worker_id    uuid PRIMARY KEY,
  seen_at      timestamptz NOT NULL,
  paused_until timestamptz
);

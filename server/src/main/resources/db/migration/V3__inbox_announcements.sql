-- When a message's inbox entries became visible and connected apps were told (server-sent
-- events); set by exactly one instance.
ALTER TABLE messages ADD COLUMN announced_at timestamptz;
CREATE INDEX messages_unannounced_idx ON messages (send_at) WHERE announced_at IS NULL;

-- The after-hours report reads a month of messages by send time.
CREATE INDEX messages_send_at_idx ON messages (send_at);

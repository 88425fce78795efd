-- The work-phone register, messages, inboxes and the push outbox.

CREATE TABLE devices (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  device_key      text NOT NULL UNIQUE,          -- the app's own installation id (path parameter)
  employee_id     uuid NOT NULL REFERENCES employees (id),
  platform        text NOT NULL CHECK (platform IN ('ANDROID', 'IOS', 'WEB')),
  push_token      text UNIQUE,                   -- one device per FCM token; null once dropped
  app_version     text,
  model           text,
  status          text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'SIGNED_OUT', 'RETIRED')),
  retired_reason  text CHECK (retired_reason IN ('LOST', 'REPLACED', 'RETURNED', 'BROKEN')),
  token_dropped   text,                          -- why the token was dropped (UNREGISTERED, ...)
  registered_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at    timestamptz NOT NULL DEFAULT now(),
  status_changed_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'RETIRED' OR retired_reason IS NOT NULL)
);
CREATE INDEX devices_employee_idx ON devices (employee_id);
CREATE INDEX devices_pushable_idx ON devices (employee_id) WHERE status = 'ACTIVE' AND push_token IS NOT NULL;
CREATE INDEX devices_last_seen_idx ON devices (last_seen_at);

CREATE TABLE messages (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sender_id       uuid NOT NULL REFERENCES employees (id),
  title           text NOT NULL,
  body            text NOT NULL,
  category        text NOT NULL CHECK (category IN ('INFO', 'SCHEDULE', 'TRAINING', 'SOCIAL', 'CRISIS', 'OPERATIONS')),
  priority        text NOT NULL CHECK (priority IN ('NORMAL', 'URGENT')),
  urgent_reason   text,
  requires_ack    boolean NOT NULL DEFAULT false,
  audience        jsonb NOT NULL,
  send_at         timestamptz NOT NULL,
  expires_at      timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  cancelled_at    timestamptz,
  idempotency_key text,
  request_hash    text,
  recipient_count integer NOT NULL DEFAULT 0,
  CHECK (expires_at IS NULL OR expires_at > send_at),
  CHECK (priority = 'NORMAL' OR urgent_reason IS NOT NULL)
);
CREATE UNIQUE INDEX messages_idempotency_idx ON messages (sender_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX messages_sender_idx ON messages (sender_id, created_at DESC, id DESC);

-- One inbox entry per (message, employee). reachable_at: when this person may be pushed
-- (availability fills it in); visible_at: when the entry shows in their inbox.
CREATE TABLE inbox_entries (
  message_id      uuid NOT NULL REFERENCES messages (id),
  employee_id     uuid NOT NULL REFERENCES employees (id),
  visible_at      timestamptz NOT NULL,
  reachable_at    timestamptz NOT NULL,
  delivered_at    timestamptz,
  read_at         timestamptz,
  acknowledged_at timestamptz,
  reminded_at     timestamptz,
  PRIMARY KEY (message_id, employee_id)
);
CREATE INDEX inbox_employee_idx ON inbox_entries (employee_id, visible_at DESC, message_id DESC);

-- The push outbox: one row per device to push. Workers claim due rows with FOR UPDATE SKIP
-- LOCKED and a lease, so several instances share the work and a crash loses nothing.
CREATE TABLE deliveries (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id      uuid NOT NULL REFERENCES messages (id),
  employee_id     uuid NOT NULL REFERENCES employees (id),
  device_id       uuid NOT NULL REFERENCES devices (id),
  kind            text NOT NULL DEFAULT 'MESSAGE' CHECK (kind IN ('MESSAGE', 'REMINDER')),
  status          text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'DROPPED', 'CANCELLED', 'EXPIRED')),
  due_at          timestamptz NOT NULL,
  claimed_until   timestamptz,
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  sent_at         timestamptz,
  fcm_message_id  text
);
CREATE INDEX deliveries_due_idx ON deliveries (due_at, id) WHERE status = 'PENDING';
CREATE INDEX deliveries_message_idx ON deliveries (message_id, status);

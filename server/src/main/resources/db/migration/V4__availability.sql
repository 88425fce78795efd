-- Availability (the right to disconnect): when each employee may be pushed.

-- One row per employee who changed something; without a row the organisation's default weekly
-- pattern, digest on, nothing muted.
CREATE TABLE availability_profiles (
  employee_id        uuid PRIMARY KEY REFERENCES employees (id),
  -- [{day, start, end}] in the employee's time zone; NULL: the organisation's default pattern.
  weekly             jsonb,
  -- WEEKLY: the pattern applies (a dated shift replaces it on its day); SHIFTS: only shifts.
  mode               text NOT NULL DEFAULT 'WEEKLY' CHECK (mode IN ('WEEKLY', 'SHIFTS')),
  dnd_until          timestamptz,
  digest             boolean NOT NULL DEFAULT true,
  hide_outside_hours boolean NOT NULL DEFAULT false,
  muted_categories   text[] NOT NULL DEFAULT '{}',
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Dated windows: SHIFT and ON_CALL are reachable, ABSENCE is not. Imported ones carry the
-- scheduling system's id, so a re-import updates instead of duplicating.
CREATE TABLE availability_periods (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  employee_id  uuid NOT NULL REFERENCES employees (id),
  kind         text NOT NULL CHECK (kind IN ('SHIFT', 'ON_CALL', 'ABSENCE')),
  absence_type text CHECK (absence_type IN ('VACATION', 'SICK_LEAVE', 'PARENTAL_LEAVE', 'COMP_TIME', 'OTHER')),
  start_at     timestamptz NOT NULL,
  end_at       timestamptz NOT NULL,
  source       text NOT NULL DEFAULT 'EMPLOYEE' CHECK (source IN ('EMPLOYEE', 'IMPORT')),
  external_id  text UNIQUE,
  note         text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (end_at > start_at),
  CHECK (absence_type IS NULL OR kind = 'ABSENCE')
);
CREATE INDEX availability_periods_employee_idx ON availability_periods (employee_id, end_at);

-- A declared crisis (stabsläge): one row.
CREATE TABLE crisis_mode (
  id         boolean PRIMARY KEY DEFAULT true CHECK (id),
  active     boolean NOT NULL DEFAULT false,
  reason     text,
  changed_by uuid REFERENCES employees (id),
  changed_at timestamptz
);
INSERT INTO crisis_mode (active) VALUES (false);

-- Every recipient an URGENT message reached outside their availability: what the employee sees
-- in their after-hours log and HR in the report.
CREATE TABLE break_throughs (
  message_id  uuid NOT NULL REFERENCES messages (id),
  employee_id uuid NOT NULL REFERENCES employees (id),
  sender_id   uuid NOT NULL REFERENCES employees (id),
  -- What it passed: OFF_HOURS, DO_NOT_DISTURB or ABSENCE (only during a declared crisis).
  passed      text NOT NULL CHECK (passed IN ('OFF_HOURS', 'DO_NOT_DISTURB', 'ABSENCE')),
  at          timestamptz NOT NULL,
  PRIMARY KEY (message_id, employee_id)
);
CREATE INDEX break_throughs_employee_idx ON break_throughs (employee_id, at DESC, message_id DESC);
CREATE INDEX break_throughs_at_idx ON break_throughs (at);

-- Why a recipient's push was held (NULL: not held): OFF_HOURS, DO_NOT_DISTURB or ABSENCE.
ALTER TABLE inbox_entries ADD COLUMN held_reason text;
CREATE INDEX inbox_entries_message_idx ON inbox_entries (message_id);

-- HELD: waiting for the recipient's next reachable time (due_at); the release sweep turns due
-- ones PENDING, or folds several of one device into one DIGEST push (the folded ones DIGESTED).
ALTER TABLE deliveries DROP CONSTRAINT deliveries_kind_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_kind_check CHECK (kind IN ('MESSAGE', 'REMINDER', 'DIGEST'));
ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check
  CHECK (status IN ('HELD', 'PENDING', 'SENT', 'FAILED', 'DROPPED', 'CANCELLED', 'EXPIRED', 'DIGESTED'));
ALTER TABLE deliveries ADD COLUMN digest_id bigint REFERENCES deliveries (id);
ALTER TABLE deliveries ADD COLUMN digest_count integer;
CREATE INDEX deliveries_held_idx ON deliveries (due_at) WHERE status = 'HELD';
CREATE INDEX deliveries_digest_idx ON deliveries (digest_id) WHERE digest_id IS NOT NULL;
CREATE INDEX deliveries_employee_held_idx ON deliveries (employee_id) WHERE status = 'HELD';
CREATE INDEX messages_urgent_idx ON messages (sender_id, created_at) WHERE priority = 'URGENT';

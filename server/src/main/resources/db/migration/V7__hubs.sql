-- Work hubs: their details and rules, resources, bookings guarded by the database, closures,
-- the waitlist and calendar feeds.

-- Exclusion constraints over (uuid WITH =, tstzrange WITH &&) need btree_gist for the uuid part.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Opening hours are [{day, start, end}] in the hub's time zone (the weekly-pattern shape).
-- The rules: how far ahead one may book, shortest and longest booking, bookings per employee
-- per day (by the hub's calendar), the check-in window around a booking's start, and how long
-- a waitlist offer is held.
ALTER TABLE hubs
  ADD COLUMN address                text NOT NULL DEFAULT '',
  ADD COLUMN latitude               double precision CHECK (latitude BETWEEN -90 AND 90),
  ADD COLUMN longitude              double precision CHECK (longitude BETWEEN -180 AND 180),
  ADD COLUMN owner_kind             text NOT NULL DEFAULT 'REGION' CHECK (owner_kind IN ('REGION', 'MUNICIPALITY', 'OTHER')),
  ADD COLUMN owner_name             text NOT NULL DEFAULT 'Region Jämtland Härjedalen',
  ADD COLUMN description            text,
  ADD COLUMN opening_hours          jsonb NOT NULL DEFAULT '[
    {"day": "MONDAY", "start": "07:00", "end": "18:00"}, {"day": "TUESDAY", "start": "07:00", "end": "18:00"},
    {"day": "WEDNESDAY", "start": "07:00", "end": "18:00"}, {"day": "THURSDAY", "start": "07:00", "end": "18:00"},
    {"day": "FRIDAY", "start": "07:00", "end": "18:00"}]'::jsonb,
  ADD COLUMN horizon_days           integer NOT NULL DEFAULT 30 CHECK (horizon_days BETWEEN 1 AND 365),
  ADD COLUMN min_minutes            integer NOT NULL DEFAULT 30 CHECK (min_minutes BETWEEN 5 AND 1440),
  ADD COLUMN max_minutes            integer NOT NULL DEFAULT 600 CHECK (max_minutes BETWEEN 5 AND 1440),
  ADD COLUMN max_per_day            integer NOT NULL DEFAULT 2 CHECK (max_per_day BETWEEN 1 AND 20),
  ADD COLUMN check_in_before_minutes integer NOT NULL DEFAULT 15 CHECK (check_in_before_minutes BETWEEN 0 AND 240),
  ADD COLUMN check_in_after_minutes integer NOT NULL DEFAULT 30 CHECK (check_in_after_minutes BETWEEN 5 AND 240),
  ADD COLUMN offer_hold_minutes     integer NOT NULL DEFAULT 30 CHECK (offer_hold_minutes BETWEEN 5 AND 240),
  ADD COLUMN updated_at             timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT hubs_booking_lengths CHECK (min_minutes <= max_minutes);
CREATE INDEX hubs_municipality_idx ON hubs (municipality);

CREATE TABLE resources (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  hub_id     uuid NOT NULL REFERENCES hubs (id),
  kind       text NOT NULL CHECK (kind IN ('DESK', 'ROOM', 'PHONE_BOOTH')),
  name       text NOT NULL,
  capacity   integer NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 1 AND 500),
  features   text[] NOT NULL DEFAULT '{}',
  -- An inactive resource is kept for history (bookings, occupancy) but cannot be booked.
  active     boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (hub_id, name)
);

-- A weekly pattern over a date range, booked occurrence by occurrence.
CREATE TABLE booking_series (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  employee_id uuid NOT NULL REFERENCES employees (id),
  resource_id uuid NOT NULL REFERENCES resources (id),
  weekdays    text[] NOT NULL,
  start_time  time NOT NULL,
  end_time    time NOT NULL,
  from_date   date NOT NULL,
  to_date     date NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  -- What the creation answered per date (booked, or why not), replayed for the same Idempotency-Key.
  results     jsonb NOT NULL DEFAULT '[]'::jsonb,
  idempotency_key text,
  request_hash    text,
  CHECK (to_date >= from_date)
);
CREATE UNIQUE INDEX booking_series_idempotency_idx ON booking_series (employee_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

-- A booking holds a resource over a half-open [start, end) interval. OFFERED is a waitlist offer
-- held for one employee until offer_until; BOOKED, OFFERED and CHECKED_IN hold the resource,
-- CANCELLED, NO_SHOW and EXPIRED (an offer not taken) do not. The two exclusion constraints are
-- the guard: never two holds of one resource at once, never one employee in two places at once.
CREATE TABLE bookings (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  resource_id     uuid NOT NULL REFERENCES resources (id),
  hub_id          uuid NOT NULL REFERENCES hubs (id),
  employee_id     uuid NOT NULL REFERENCES employees (id),
  period          tstzrange NOT NULL,
  -- The hub-local date the booking starts on: the day of the per-day rule and the day views.
  local_date      date NOT NULL,
  status          text NOT NULL DEFAULT 'BOOKED'
                  CHECK (status IN ('OFFERED', 'BOOKED', 'CHECKED_IN', 'CANCELLED', 'NO_SHOW', 'EXPIRED')),
  series_id       uuid REFERENCES booking_series (id),
  offer_until     timestamptz,
  checked_in_at   timestamptz,
  cancelled_at    timestamptz,
  cancelled_by    uuid REFERENCES employees (id),
  cancel_reason   text,
  released_at     timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  idempotency_key text,
  request_hash    text,
  CHECK (NOT isempty(period) AND lower_inc(period) AND NOT upper_inc(period)
         AND NOT lower_inf(period) AND NOT upper_inf(period)),
  CHECK (status <> 'OFFERED' OR offer_until IS NOT NULL),
  CONSTRAINT bookings_resource_free EXCLUDE USING gist (resource_id WITH =, period WITH &&)
    WHERE (status IN ('OFFERED', 'BOOKED', 'CHECKED_IN')),
  CONSTRAINT bookings_employee_free EXCLUDE USING gist (employee_id WITH =, period WITH &&)
    WHERE (status IN ('OFFERED', 'BOOKED', 'CHECKED_IN'))
);
CREATE UNIQUE INDEX bookings_idempotency_idx ON bookings (employee_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX bookings_hub_day_idx ON bookings (hub_id, local_date);
CREATE INDEX bookings_employee_idx ON bookings (employee_id, lower(period));
CREATE INDEX bookings_series_idx ON bookings (series_id) WHERE series_id IS NOT NULL;
-- The no-show sweep and the offer expiry look only at bookings still waiting for something.
CREATE INDEX bookings_unchecked_idx ON bookings (lower(period)) WHERE status = 'BOOKED';
CREATE INDEX bookings_offered_idx ON bookings (offer_until) WHERE status = 'OFFERED';

-- A hub (resource_id NULL) or one resource closed over a period, with the reason.
CREATE TABLE closures (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  hub_id      uuid NOT NULL REFERENCES hubs (id),
  resource_id uuid REFERENCES resources (id),
  period      tstzrange NOT NULL CHECK (NOT isempty(period) AND lower_inc(period) AND NOT upper_inc(period)),
  reason      text NOT NULL,
  created_by  uuid REFERENCES employees (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  cancelled_bookings integer NOT NULL DEFAULT 0
);
CREATE INDEX closures_hub_idx ON closures USING gist (hub_id, period);

-- Waiting for a resource at a hub over an interval of one day when nothing fitted. The first in
-- line (created_at) is offered what frees up. Status: WAITING, OFFERED (a booking is held for
-- them), BOOKED (they took it), LEFT (they gave up), EXPIRED (the day passed, or an offer lapsed).
CREATE TABLE waitlist (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  hub_id      uuid NOT NULL REFERENCES hubs (id),
  employee_id uuid NOT NULL REFERENCES employees (id),
  kind        text CHECK (kind IN ('DESK', 'ROOM', 'PHONE_BOOTH')),
  wanted      tstzrange NOT NULL CHECK (NOT isempty(wanted) AND lower_inc(wanted) AND NOT upper_inc(wanted)),
  local_date  date NOT NULL,
  status      text NOT NULL DEFAULT 'WAITING' CHECK (status IN ('WAITING', 'OFFERED', 'BOOKED', 'LEFT', 'EXPIRED')),
  booking_id  uuid REFERENCES bookings (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
-- One place in one hub's line per employee and day.
CREATE UNIQUE INDEX waitlist_one_place_idx ON waitlist (hub_id, employee_id, local_date) WHERE status IN ('WAITING', 'OFFERED');
CREATE INDEX waitlist_waiting_idx ON waitlist (hub_id, created_at) WHERE status = 'WAITING';
CREATE INDEX waitlist_employee_idx ON waitlist (employee_id, local_date);

-- The secret of each employee's calendar feed; regenerating replaces it (the old URL stops working).
CREATE TABLE calendar_feeds (
  employee_id uuid PRIMARY KEY REFERENCES employees (id),
  token_hash  text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);

-- Server-written notices (a booking released, a waitlist offer) have no person as sender.
ALTER TABLE messages ALTER COLUMN sender_id DROP NOT NULL;

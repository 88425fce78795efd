-- Remote-work agreements: the individual agreement on home and remote work, its decision and
-- follow-up. DRAFT, SUBMITTED, APPROVED, REJECTED, WITHDRAWN and TERMINATED are stored; ACTIVE and
-- EXPIRED follow from an approved agreement's dates (see agreements.AgreementStatus).
CREATE TABLE remote_agreements (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  employee_id         uuid NOT NULL REFERENCES employees (id),
  -- The employee's unit and the manager who decides, set when it is submitted (and moved along
  -- with the employee while it waits for a decision).
  unit_id             uuid REFERENCES units (id),
  approver_id         uuid REFERENCES employees (id),
  status              text NOT NULL DEFAULT 'DRAFT'
                      CHECK (status IN ('DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'TERMINATED')),
  valid_from          date NOT NULL,
  valid_to            date NOT NULL,
  weekdays            text[] NOT NULL DEFAULT '{}',
  share_percent       integer CHECK (share_percent BETWEEN 1 AND 100),
  places              jsonb NOT NULL DEFAULT '[]'::jsonb,
  tasks               text,
  working_hours       text,
  reachability        text,
  equipment           text,
  checklist           jsonb NOT NULL DEFAULT '{}'::jsonb,
  notice_days         integer NOT NULL CHECK (notice_days BETWEEN 0 AND 365),
  review_date         date,
  employee_comment    text,
  manager_comment     text,
  renewal_of          uuid REFERENCES remote_agreements (id),
  -- A terminated agreement is in force until ends_on (the notice period honoured).
  ends_on             date,
  termination_reason  text,
  terminated_by       uuid REFERENCES employees (id),
  reminded_at         timestamptz,
  submitted_at        timestamptz,
  decided_at          timestamptz,
  decided_by          uuid REFERENCES employees (id),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  idempotency_key     text,
  request_hash        text,
  CHECK (valid_to >= valid_from),
  CHECK (ends_on IS NULL OR (ends_on >= valid_from - 1 AND ends_on <= valid_to)),
  CHECK (status <> 'TERMINATED' OR ends_on IS NOT NULL),
  -- The guard: the agreements in force (approved, or terminated until their end) of one employee
  -- never overlap. [valid_from, end + 1) is empty for one terminated before it began.
  CONSTRAINT remote_agreements_no_overlap EXCLUDE USING gist (
    employee_id WITH =,
    daterange(valid_from, coalesce(ends_on, valid_to) + 1, '[)') WITH &&
  ) WHERE (status IN ('APPROVED', 'TERMINATED'))
);
CREATE UNIQUE INDEX remote_agreements_idempotency_idx ON remote_agreements (employee_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX remote_agreements_employee_idx ON remote_agreements (employee_id, valid_from DESC);
CREATE INDEX remote_agreements_unit_idx ON remote_agreements (unit_id, status);
-- The reminder job looks only at approved agreements not yet reminded.
CREATE INDEX remote_agreements_reminder_idx ON remote_agreements (valid_to) WHERE status = 'APPROVED' AND reminded_at IS NULL;

-- Every transition: who, when, from what to what, and the comment given.
CREATE TABLE remote_agreement_events (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agreement_id uuid NOT NULL REFERENCES remote_agreements (id),
  at           timestamptz NOT NULL,
  actor_id     uuid REFERENCES employees (id),
  from_status  text,
  to_status    text NOT NULL,
  comment      text
);
CREATE INDEX remote_agreement_events_agreement_idx ON remote_agreement_events (agreement_id, id);

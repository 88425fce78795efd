-- Organisation: units form a tree; employees belong to one unit; roles are granted with a scope.

CREATE TABLE units (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  external_id text NOT NULL UNIQUE,
  name        text NOT NULL,
  parent_id   uuid REFERENCES units (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (parent_id IS DISTINCT FROM id)
);
CREATE INDEX units_parent_idx ON units (parent_id);

CREATE TABLE employees (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  external_id text NOT NULL UNIQUE,
  name        text NOT NULL,
  email       text,
  unit_id     uuid REFERENCES units (id),
  locale      text NOT NULL DEFAULT 'sv' CHECK (locale IN ('sv', 'en')),
  time_zone   text NOT NULL DEFAULT 'Europe/Stockholm',
  status      text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'LEFT')),
  left_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX employees_unit_idx ON employees (unit_id) WHERE status = 'ACTIVE';

-- Hubs are the scope of HUB_ADMIN grants; the hubs feature adds their details and resources.
CREATE TABLE hubs (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  external_id  text NOT NULL UNIQUE,
  name         text NOT NULL,
  municipality text NOT NULL,
  time_zone    text NOT NULL DEFAULT 'Europe/Stockholm',
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE role_grants (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  employee_id uuid NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
  role        text NOT NULL CHECK (role IN ('MANAGER', 'HUB_ADMIN', 'COMMUNICATOR', 'CRISIS_LEAD', 'HR', 'ADMIN')),
  unit_id     uuid REFERENCES units (id),
  hub_id      uuid REFERENCES hubs (id),
  source      text NOT NULL DEFAULT 'IMPORT',
  created_at  timestamptz NOT NULL DEFAULT now(),
  -- The scope follows the role: a unit for MANAGER, a hub for HUB_ADMIN, the organisation otherwise.
  CHECK (
    (role = 'MANAGER' AND unit_id IS NOT NULL AND hub_id IS NULL) OR
    (role = 'HUB_ADMIN' AND hub_id IS NOT NULL AND unit_id IS NULL) OR
    (role NOT IN ('MANAGER', 'HUB_ADMIN') AND unit_id IS NULL AND hub_id IS NULL)
  )
);
CREATE UNIQUE INDEX role_grants_unique_idx
  ON role_grants (employee_id, role, coalesce(unit_id, hub_id, '00000000-0000-0000-0000-000000000000'::uuid));
CREATE INDEX role_grants_unit_idx ON role_grants (unit_id) WHERE unit_id IS NOT NULL;

-- Who did what: imports, role changes, and later device retirements, break-throughs, cancellations.
CREATE TABLE audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor_id    uuid REFERENCES employees (id),
  action      text NOT NULL,
  object_type text NOT NULL,
  object_id   text,
  details     jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_action_idx ON audit_log (action, id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id);

-- The organisation's default weekly hours (availability.defaultWeekly, from configuration) that
-- held pushes were last planned with. A start whose configuration has other hours re-plans the
-- pushes held for everyone on the default and records the new ones (availability/DefaultHours).
-- One row; weekly is NULL until the first start records it.
CREATE TABLE availability_defaults (
  id         boolean PRIMARY KEY DEFAULT true CHECK (id),
  weekly     jsonb,
  changed_at timestamptz
);

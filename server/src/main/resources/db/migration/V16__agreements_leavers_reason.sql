-- An agreement the HR import ended or withdrew because the employment ended kept the reason as an
-- English sentence ('Employment ended'). It is now written in the reader's language when read, so
-- the stored sentence goes: no reason (the import ends agreements without one; a person always
-- gives one).
UPDATE remote_agreements SET termination_reason = NULL
WHERE termination_reason = 'Employment ended' AND status = 'TERMINATED';

UPDATE remote_agreement_events SET comment = NULL
WHERE comment = 'Employment ended' AND to_status IN ('TERMINATED', 'WITHDRAWN');

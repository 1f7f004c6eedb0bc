-- A training run started in a signoff serve session records the
-- fingerprint of the SSH key the trainee logged in with, as the record's
-- decisions and verdicts do ('' for a run started at a local terminal).
ALTER TABLE training_runs ADD COLUMN session_key TEXT NOT NULL DEFAULT '';

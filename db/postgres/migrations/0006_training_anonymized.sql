-- A training run keeps whether it hid the case (signoff train
-- --anonymize; SQLite's migration 0013): a resume hides it too, whatever
-- flags it is given. A run kept before reads as not anonymized.
ALTER TABLE training_runs ADD COLUMN anonymized boolean NOT NULL DEFAULT false;

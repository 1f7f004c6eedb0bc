-- A training run keeps whether it hid the case (signoff train
-- --anonymize), as it keeps its authority and hindsight: a resume hides
-- it too, whatever flags it is given, so a trainee is never shown what
-- the trainer hid, and a scorecard never mixes the two. A run kept before
-- was played as the record shows it unless its trainer said otherwise,
-- and nothing kept says so: it reads as not anonymized.
ALTER TABLE training_runs ADD COLUMN anonymized INTEGER NOT NULL DEFAULT 0;

-- A run resumed names the run it goes on with (SQLite's migration 0011):
-- one run only may go on with another, so of two processes resuming the
-- same run the first wins and the second is told which run took it.
ALTER TABLE training_runs ADD COLUMN resumes bigint REFERENCES training_runs (id);
CREATE UNIQUE INDEX training_runs_resumes ON training_runs (resumes) WHERE resumes IS NOT NULL;

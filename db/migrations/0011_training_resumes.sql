-- A run resumed names the run it goes on with. signoff train --resume
-- goes on with a run left open (its process was killed, or lost power)
-- as well as one closed unfinished, and two processes may resume the
-- same run at once: one run only may go on with another, so the first
-- wins and the second is told which run took it. A run that another goes
-- on with takes no more choices and is not closed afterwards; left open,
-- it stays as its process left it, so a trainer can tell.
ALTER TABLE training_runs ADD COLUMN resumes INTEGER REFERENCES training_runs (id);
CREATE UNIQUE INDEX training_runs_resumes ON training_runs (resumes) WHERE resumes IS NOT NULL;

-- Training runs: a trainee replays a past incident and chooses at
-- each decided AI suggestion before the real decision is revealed.
--
-- Training data is not the incident record. It lives in these tables only:
-- no audit-chain entry, and nothing that reads the record (findings,
-- metrics, report, export, verify) reads them, so a practice answer can
-- never be mistaken for a real decision. Times are Unix nanoseconds, UTC.

CREATE TABLE training_runs (
	id         INTEGER PRIMARY KEY,
	inc        INTEGER NOT NULL REFERENCES incidents (seq),
	trainee    TEXT NOT NULL,
	authority  TEXT NOT NULL,    -- '' when authority is not judged
	hindsight  INTEGER NOT NULL, -- 1 when the reveals showed review verdicts
	started_at INTEGER NOT NULL,
	ended_at   INTEGER,          -- NULL while the run is open
	finished   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX training_runs_inc ON training_runs (inc, started_at);

CREATE TABLE training_choices (
	run       INTEGER NOT NULL REFERENCES training_runs (id),
	subject   TEXT NOT NULL,    -- the suggestion answered
	at        INTEGER NOT NULL, -- when the trainee chose
	outcome   TEXT NOT NULL,
	action    TEXT,             -- the action the trainee would take, NULL for reject/defer
	target    TEXT,
	detail    TEXT,
	rationale TEXT NOT NULL,
	took_ns   INTEGER NOT NULL, -- from the prompt to the choice
	PRIMARY KEY (run, subject)
);

-- A closed run is what the trainer grades: it cannot be reopened, and a
-- choice, once made, cannot be taken back before the reveal.
CREATE TRIGGER training_runs_closed BEFORE UPDATE ON training_runs WHEN OLD.ended_at IS NOT NULL BEGIN
	SELECT RAISE(ABORT, 'a training run is append-only once ended: start a new run instead');
END;
CREATE TRIGGER training_choices_no_update BEFORE UPDATE ON training_choices BEGIN
	SELECT RAISE(ABORT, 'training choices are append-only: a choice cannot be changed after it is made');
END;

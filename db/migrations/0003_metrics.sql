-- AI trust metrics (SPEC.md "Trust metrics").
--
-- suggestion_facts holds one row per suggestion with what the metrics count:
-- where it stands, the verdict the data proposes, and the latest review's
-- verdict and hindsight. It is an index like the others, derived from the
-- record and kept current by every write that can change it (import, review,
-- decision), so the metrics aggregate one narrow table instead of reading
-- payloads. Unlike the record it is rewritten in place.
--
-- suggestion_facts_derived is the one definition of a fact; writes refresh
-- the table from it. Its "proposed" column is SPEC.md's proposed verdict in
-- SQL, and a test holds it equal to review.ProposeVerdict for every
-- suggestion of every fixture and of generated incidents.

CREATE VIEW suggestion_facts_derived AS
SELECT seq, inc, at, month, agent, action, confidence,
	CASE
		WHEN confidence IS NULL THEN -1
		WHEN confidence >= 1 THEN 9
		ELSE CAST(confidence * 10 AS INTEGER)
	END AS bin,
	state,
	CASE
		WHEN state = 'auto_executed' THEN 'followed'
		WHEN outcome = 'approved' AND same_action THEN 'followed'
		WHEN outcome IN ('approved', 'modified') THEN 'modified'
		WHEN outcome = 'rejected' THEN 'ignored'
	END AS proposed,
	reviewed, ai_correct
FROM (
	SELECT s.seq, s.inc, s.at,
		strftime('%Y-%m', s.at / 1000000000, 'unixepoch') AS month,
		s.actor AS agent,
		coalesce(s.action, '') AS action,
		json_extract(sc.payload, '$.confidence') AS confidence,
		CASE
			WHEN d.seq IS NOT NULL AND json_extract(dc.payload, '$.outcome') = 'deferred' THEN 'deferred'
			WHEN d.seq IS NOT NULL THEN 'decided'
			WHEN EXISTS (SELECT 1 FROM events x
				WHERE x.inc = s.inc AND x.suggestion = s.id AND x.kind = 'execution') THEN 'auto_executed'
			ELSE 'pending'
		END AS state,
		json_extract(dc.payload, '$.outcome') AS outcome,
		-- Payloads are the canonical JSON of the record, so equal actions
		-- (type, target, detail) extract to equal text; IS makes two
		-- missing actions equal, as model.SameAction does.
		json_extract(sc.payload, '$.action') IS json_extract(dc.payload, '$.action') AS same_action,
		r.verdict AS reviewed,
		json_extract(rc.payload, '$.ai_correct') AS ai_correct
	FROM events s
	JOIN chain sc ON sc.seq = s.seq
	-- The final decision: the last by time, then id. "+ 0" keeps the
	-- planner on events_suggestion (a suggestion's few decisions, sorted)
	-- rather than walking the incident's timeline backwards.
	LEFT JOIN events d ON d.seq = (SELECT x.seq FROM events x
		WHERE x.inc = s.inc AND x.suggestion = s.id AND x.kind = 'decision'
		ORDER BY x.at + 0 DESC, x.id DESC LIMIT 1)
	LEFT JOIN chain dc ON dc.seq = d.seq
	-- The verdict in force: the last by time, then by order of recording.
	LEFT JOIN reviews r ON r.seq = (SELECT y.seq FROM reviews y
		WHERE y.inc = s.inc AND y.subject = s.id
		ORDER BY y.at DESC, y.seq DESC LIMIT 1)
	LEFT JOIN chain rc ON rc.seq = r.seq
	WHERE s.kind = 'suggestion'
);

CREATE TABLE suggestion_facts (
	seq        INTEGER PRIMARY KEY REFERENCES events (seq), -- the suggestion
	inc        INTEGER NOT NULL REFERENCES incidents (seq),
	at         INTEGER NOT NULL,
	month      TEXT NOT NULL,    -- YYYY-MM, UTC
	agent      TEXT NOT NULL,
	action     TEXT NOT NULL,    -- suggested action type
	confidence REAL,
	bin        INTEGER NOT NULL, -- tenth of the confidence 0…9, -1 without one
	state      TEXT NOT NULL,    -- pending, auto_executed, decided, deferred
	proposed   TEXT,             -- followed, modified, ignored, or NULL
	reviewed   TEXT,             -- latest review verdict, NULL when unreviewed
	ai_correct TEXT,             -- latest review's hindsight
	-- What the metrics count: the latest verdict, else the proposed one.
	counted TEXT GENERATED ALWAYS AS (coalesce(reviewed, proposed)) VIRTUAL,
	-- Hindsight as a number for the Brier score; unknown is left out.
	outcome REAL GENERATED ALWAYS AS (CASE ai_correct
		WHEN 'yes' THEN 1.0 WHEN 'no' THEN 0.0 WHEN 'partial' THEN 0.5 END) VIRTUAL,
	-- What one suggestion adds to each sum the metrics divide
	-- (model.MetricCell): SPEC.md "Trust metrics", written once.
	n_pending   INTEGER GENERATED ALWAYS AS (state = 'pending') VIRTUAL,
	n_auto      INTEGER GENERATED ALWAYS AS (state = 'auto_executed') VIRTUAL,
	n_decided   INTEGER GENERATED ALWAYS AS (state = 'decided') VIRTUAL,
	n_followed  INTEGER GENERATED ALWAYS AS (coalesce(counted = 'followed', 0)) VIRTUAL,
	n_modified  INTEGER GENERATED ALWAYS AS (coalesce(counted = 'modified', 0)) VIRTUAL,
	n_ignored   INTEGER GENERATED ALWAYS AS (coalesce(counted = 'ignored', 0)) VIRTUAL,
	n_decided_followed   INTEGER GENERATED ALWAYS AS (n_decided AND n_followed) VIRTUAL,
	n_decided_overridden INTEGER GENERATED ALWAYS AS (n_decided AND (n_modified OR n_ignored)) VIRTUAL,
	n_followed_judged    INTEGER GENERATED ALWAYS AS (n_followed AND coalesce(ai_correct IN ('yes', 'no'), 0)) VIRTUAL,
	n_followed_correct   INTEGER GENERATED ALWAYS AS (n_followed AND coalesce(ai_correct = 'yes', 0)) VIRTUAL,
	n_ignored_judged     INTEGER GENERATED ALWAYS AS (n_ignored AND coalesce(ai_correct IN ('yes', 'no'), 0)) VIRTUAL,
	n_ignored_correct    INTEGER GENERATED ALWAYS AS (n_ignored AND coalesce(ai_correct = 'yes', 0)) VIRTUAL,
	-- Scored: a confidence and a hindsight judgement other than unknown.
	n_scored INTEGER GENERATED ALWAYS AS (confidence IS NOT NULL AND outcome IS NOT NULL) VIRTUAL,
	scored_confidence REAL GENERATED ALWAYS AS (CASE WHEN n_scored THEN confidence ELSE 0.0 END) VIRTUAL,
	scored_outcome    REAL GENERATED ALWAYS AS (CASE WHEN n_scored THEN outcome ELSE 0.0 END) VIRTUAL,
	squared_error     REAL GENERATED ALWAYS AS (CASE WHEN n_scored THEN (confidence - outcome) * (confidence - outcome) ELSE 0.0 END) VIRTUAL
);
CREATE INDEX suggestion_facts_incident ON suggestion_facts (inc, at, seq);
CREATE INDEX suggestion_facts_time ON suggestion_facts (at, seq);
CREATE INDEX suggestion_facts_agent ON suggestion_facts (agent, at, seq);
CREATE INDEX suggestion_facts_action ON suggestion_facts (action, at, seq);

-- suggestion_cells keeps the sums of suggestion_facts per agent, action
-- type, month and confidence bin, maintained by the two triggers below, so
-- the unfiltered metrics read a few thousand rows instead of every
-- suggestion. A fact's group never changes after it is inserted; an update
-- adds the difference. Filtered metrics aggregate the facts themselves.
CREATE TABLE suggestion_cells (
	agent TEXT NOT NULL, action TEXT NOT NULL, month TEXT NOT NULL, bin INTEGER NOT NULL,
	suggestions INTEGER NOT NULL, pending INTEGER NOT NULL, auto_executed INTEGER NOT NULL,
	decided INTEGER NOT NULL, followed INTEGER NOT NULL, modified INTEGER NOT NULL, ignored INTEGER NOT NULL,
	decided_followed INTEGER NOT NULL, decided_overridden INTEGER NOT NULL,
	followed_judged INTEGER NOT NULL, followed_correct INTEGER NOT NULL,
	ignored_judged INTEGER NOT NULL, ignored_correct INTEGER NOT NULL,
	scored INTEGER NOT NULL, confidence_sum REAL NOT NULL, outcome_sum REAL NOT NULL, squared_error_sum REAL NOT NULL,
	PRIMARY KEY (agent, action, month, bin)
) WITHOUT ROWID; -- stored in key order, so reading it grouped is one sequential pass

CREATE TRIGGER suggestion_cells_insert AFTER INSERT ON suggestion_facts BEGIN
	INSERT INTO suggestion_cells VALUES (NEW.agent, NEW.action, NEW.month, NEW.bin, 1,
		NEW.n_pending, NEW.n_auto, NEW.n_decided, NEW.n_followed, NEW.n_modified, NEW.n_ignored,
		NEW.n_decided_followed, NEW.n_decided_overridden, NEW.n_followed_judged, NEW.n_followed_correct,
		NEW.n_ignored_judged, NEW.n_ignored_correct, NEW.n_scored, NEW.scored_confidence, NEW.scored_outcome, NEW.squared_error)
	ON CONFLICT (agent, action, month, bin) DO UPDATE SET
		suggestions = suggestions + 1,
		pending = pending + excluded.pending, auto_executed = auto_executed + excluded.auto_executed,
		decided = decided + excluded.decided, followed = followed + excluded.followed,
		modified = modified + excluded.modified, ignored = ignored + excluded.ignored,
		decided_followed = decided_followed + excluded.decided_followed,
		decided_overridden = decided_overridden + excluded.decided_overridden,
		followed_judged = followed_judged + excluded.followed_judged, followed_correct = followed_correct + excluded.followed_correct,
		ignored_judged = ignored_judged + excluded.ignored_judged, ignored_correct = ignored_correct + excluded.ignored_correct,
		scored = scored + excluded.scored,
		confidence_sum = confidence_sum + excluded.confidence_sum,
		outcome_sum = outcome_sum + excluded.outcome_sum,
		squared_error_sum = squared_error_sum + excluded.squared_error_sum;
END;

-- An update adds NEW minus OLD. When a group has nothing scored left its
-- real sums are set to exactly 0, so additions and subtractions of
-- floating-point terms leave no residue behind.
CREATE TRIGGER suggestion_cells_update AFTER UPDATE ON suggestion_facts BEGIN
	UPDATE suggestion_cells SET
		pending = pending + NEW.n_pending - OLD.n_pending,
		auto_executed = auto_executed + NEW.n_auto - OLD.n_auto,
		decided = decided + NEW.n_decided - OLD.n_decided,
		followed = followed + NEW.n_followed - OLD.n_followed,
		modified = modified + NEW.n_modified - OLD.n_modified,
		ignored = ignored + NEW.n_ignored - OLD.n_ignored,
		decided_followed = decided_followed + NEW.n_decided_followed - OLD.n_decided_followed,
		decided_overridden = decided_overridden + NEW.n_decided_overridden - OLD.n_decided_overridden,
		followed_judged = followed_judged + NEW.n_followed_judged - OLD.n_followed_judged,
		followed_correct = followed_correct + NEW.n_followed_correct - OLD.n_followed_correct,
		ignored_judged = ignored_judged + NEW.n_ignored_judged - OLD.n_ignored_judged,
		ignored_correct = ignored_correct + NEW.n_ignored_correct - OLD.n_ignored_correct,
		scored = scored + NEW.n_scored - OLD.n_scored,
		confidence_sum = CASE WHEN scored + NEW.n_scored - OLD.n_scored = 0 THEN 0.0
			ELSE confidence_sum + NEW.scored_confidence - OLD.scored_confidence END,
		outcome_sum = CASE WHEN scored + NEW.n_scored - OLD.n_scored = 0 THEN 0.0
			ELSE outcome_sum + NEW.scored_outcome - OLD.scored_outcome END,
		squared_error_sum = CASE WHEN scored + NEW.n_scored - OLD.n_scored = 0 THEN 0.0
			ELSE squared_error_sum + NEW.squared_error - OLD.squared_error END
	WHERE agent = NEW.agent AND action = NEW.action AND month = NEW.month AND bin = NEW.bin;
END;

INSERT INTO suggestion_facts (seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct)
SELECT seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct
FROM suggestion_facts_derived;

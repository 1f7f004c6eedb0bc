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
		WHEN 'yes' THEN 1.0 WHEN 'no' THEN 0.0 WHEN 'partial' THEN 0.5 END) VIRTUAL
);
CREATE INDEX suggestion_facts_incident ON suggestion_facts (inc, at, seq);
CREATE INDEX suggestion_facts_time ON suggestion_facts (at, seq);
CREATE INDEX suggestion_facts_agent ON suggestion_facts (agent, at, seq);
CREATE INDEX suggestion_facts_action ON suggestion_facts (action, at, seq);

INSERT INTO suggestion_facts (seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct)
SELECT seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct
FROM suggestion_facts_derived;

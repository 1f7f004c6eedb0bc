-- A suggestion's month is that of its time in UTC (0003 defined it by
-- dividing nanoseconds by a billion, which rounds towards zero: before
-- 1970 a time with a fraction of a second went to the next second, so
-- 1969-12-31T23:59:59.5Z counted in 1970-01, and `metrics --since
-- 1969-12-01` counted it twice, once from its facts by time and once from
-- the cells by month). The view rounds down now; the facts it got wrong
-- take their month, and the cells, whose groups a fact never leaves
-- otherwise, are summed again from the facts when any did.

DROP VIEW suggestion_facts_derived;
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
		-- Whole seconds rounded down: "/" rounds towards zero, so one
		-- is taken off when the remainder is negative (before 1970).
		strftime('%Y-%m', s.at / 1000000000 - (s.at % 1000000000 < 0), 'unixepoch') AS month,
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

-- Only a time before 1970 with a fraction of a second can be wrong.
CREATE TEMP TABLE moved_facts AS
SELECT seq, month FROM (
	SELECT seq, month AS was, strftime('%Y-%m', at / 1000000000 - 1, 'unixepoch') AS month
	FROM suggestion_facts WHERE at < 0 AND at % 1000000000 <> 0)
WHERE month <> was;

UPDATE suggestion_facts SET month = (SELECT m.month FROM moved_facts m WHERE m.seq = suggestion_facts.seq)
WHERE seq IN (SELECT seq FROM moved_facts);

DELETE FROM suggestion_cells WHERE EXISTS (SELECT 1 FROM moved_facts);

INSERT INTO suggestion_cells
SELECT agent, action, month, bin, count(*),
	sum(n_pending), sum(n_auto), sum(n_decided), sum(n_followed), sum(n_modified), sum(n_ignored),
	sum(n_decided_followed), sum(n_decided_overridden), sum(n_followed_judged), sum(n_followed_correct),
	sum(n_ignored_judged), sum(n_ignored_correct), sum(n_scored),
	total(scored_confidence), total(scored_outcome), total(squared_error)
FROM suggestion_facts
WHERE EXISTS (SELECT 1 FROM moved_facts)
GROUP BY agent, action, month, bin;

DROP TABLE moved_facts;

-- A suggestion's month is that of its time in UTC (SQLite's migration
-- 0012 says what was wrong: before 1970, a time with a fraction of a
-- second could count in the next month, and twice with --since). The view
-- rounds down now; the facts it got wrong take their month, and the cells,
-- whose groups a fact never leaves otherwise, are summed again from the
-- facts when any did.

CREATE OR REPLACE VIEW suggestion_facts_derived AS
SELECT seq, inc, at, month, agent, action, confidence,
	CASE
		WHEN confidence IS NULL THEN -1
		WHEN confidence >= 1 THEN 9
		ELSE trunc(confidence * 10)::int
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
		to_char(to_timestamp(s.at / 1000000000 - (s.at % 1000000000 < 0)::int) AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
		s.actor AS agent,
		coalesce(s.action, '') AS action,
		(sc.payload::json ->> 'confidence')::float8 AS confidence,
		CASE
			WHEN d.seq IS NOT NULL AND dc.payload::json ->> 'outcome' = 'deferred' THEN 'deferred'
			WHEN d.seq IS NOT NULL THEN 'decided'
			WHEN EXISTS (SELECT 1 FROM events x
				WHERE x.inc = s.inc AND x.suggestion = s.id AND x.kind = 'execution') THEN 'auto_executed'
			ELSE 'pending'
		END AS state,
		dc.payload::json ->> 'outcome' AS outcome,
		-- Payloads are canonical JSON, and json keeps their text, so equal
		-- actions are equal text; two missing actions are equal too.
		(sc.payload::json -> 'action')::text IS NOT DISTINCT FROM (dc.payload::json -> 'action')::text AS same_action,
		r.verdict AS reviewed,
		rc.payload::json ->> 'ai_correct' AS ai_correct
	FROM events s
	JOIN chain sc ON sc.seq = s.seq
	-- The final decision: the last by time, then id.
	LEFT JOIN events d ON d.seq = (SELECT x.seq FROM events x
		WHERE x.inc = s.inc AND x.suggestion = s.id AND x.kind = 'decision'
		ORDER BY x.at DESC, x.id DESC LIMIT 1)
	LEFT JOIN chain dc ON dc.seq = d.seq
	-- The verdict in force: the last by time, then by order of recording.
	LEFT JOIN reviews r ON r.seq = (SELECT y.seq FROM reviews y
		WHERE y.inc = s.inc AND y.subject = s.id
		ORDER BY y.at DESC, y.seq DESC LIMIT 1)
	LEFT JOIN chain rc ON rc.seq = r.seq
	WHERE s.kind = 'suggestion'
) f;

DO $$
BEGIN
	UPDATE suggestion_facts
	SET month = to_char(to_timestamp(at / 1000000000 - 1) AT TIME ZONE 'UTC', 'YYYY-MM')
	WHERE at < 0 AND at % 1000000000 <> 0
		AND month <> to_char(to_timestamp(at / 1000000000 - 1) AT TIME ZONE 'UTC', 'YYYY-MM');
	IF FOUND THEN
		DELETE FROM suggestion_cells;
		INSERT INTO suggestion_cells
		SELECT agent, action, month, bin, count(*),
			sum(n_pending), sum(n_auto), sum(n_decided), sum(n_followed), sum(n_modified), sum(n_ignored),
			sum(n_decided_followed), sum(n_decided_overridden), sum(n_followed_judged), sum(n_followed_correct),
			sum(n_ignored_judged), sum(n_ignored_correct), sum(n_scored),
			sum(scored_confidence), sum(scored_outcome), sum(squared_error)
		FROM suggestion_facts GROUP BY agent, action, month, bin;
	END IF;
END $$;

-- The derived tables (the metrics' facts and sums, the incident list's
-- counts, the queue's rows) follow the record, and only its writes change
-- them. Until now the application role could write them, since signoff's
-- writes brought them up to date with statements of their own: whoever
-- held its address could delete a pending suggestion's row from
-- pending_items, and the suggestion vanished from every queue until
-- verify named it. Now only functions that run as their owner, the
-- schema's (SECURITY DEFINER), write them, and the grants give the
-- application role no right to:
--  * the incident list's counts follow every statement that inserts
--    timeline rows or verdicts, or adds or removes rows of the queue (the
--    triggers below), so each row is counted once, whoever inserts it;
--  * a writer calls signoff_refresh_facts or signoff_new_incident_facts
--    after its rows, which write each fact as the record defines it
--    (suggestion_facts_derived), whatever they are given: a call can
--    bring facts up to date and do nothing else;
--  * the sums and the queue's rows follow the facts, by the triggers of
--    migration 1, and a new incident's zero counts follow its row.
-- Each of these functions looks names up in the server's catalog first,
-- then in this schema alone: neither an inserting session's search path
-- nor a temporary table of its own can stand in for what they read or
-- write.

-- The counts follow the rows each statement inserts, whoever inserts:
-- the timeline's rows (events and the kinds of them), the queue's rows
-- (pending: pending_items_derived and incident_counts_derived define it
-- alike, a suggestion no event answers) and the verdicts (the subjects
-- reviewed for the first time). The statements that look rows up in
-- the record (the verdicts') are planned when they run (EXECUTE), for
-- the tables as they are then: a plan kept from the first statement of
-- an import, when the tables were empty, walks every row of the
-- incident for each statement after (a first form of this migration
-- that counted the pending suggestions so, from the timeline, took 455 s
-- to import 200,000 events instead of 23; they are counted from the
-- queue's rows instead). The timeline's count reads only the statement's
-- own rows and keeps its plan (planning it for each statement of 512
-- rows cost a tenth of the import).
CREATE FUNCTION incident_counts_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE incident_counts c SET
			events = c.events + d.n_events,
			suggestions = c.suggestions + d.n_suggestions,
			decisions = c.decisions + d.n_decisions,
			executions = c.executions + d.n_executions,
			subjects = c.subjects + d.n_subjects
		FROM (SELECT inc,
				count(*) FILTER (WHERE kind <> 'evidence') AS n_events,
				count(*) FILTER (WHERE kind = 'suggestion') AS n_suggestions,
				count(*) FILTER (WHERE kind = 'decision') AS n_decisions,
				count(*) FILTER (WHERE kind = 'execution') AS n_executions,
				count(*) FILTER (WHERE starts = 1) AS n_subjects
			FROM added GROUP BY inc) d
		WHERE c.inc = d.inc;
	RETURN NULL;
END $$;

CREATE FUNCTION incident_counts_pending_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE 'UPDATE incident_counts c SET pending = c.pending + d.n
		FROM (SELECT inc, count(*) AS n FROM added GROUP BY inc) d WHERE c.inc = d.inc';
	RETURN NULL;
END $$;

CREATE FUNCTION incident_counts_pending_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE 'UPDATE incident_counts c SET pending = c.pending - d.n
		FROM (SELECT inc, count(*) AS n FROM removed GROUP BY inc) d WHERE c.inc = d.inc';
	RETURN NULL;
END $$;

CREATE FUNCTION incident_counts_reviews() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE 'UPDATE incident_counts c SET reviewed = c.reviewed + d.n
		FROM (SELECT r.inc, count(DISTINCT r.subject) AS n FROM added r
			WHERE NOT EXISTS (SELECT 1 FROM reviews o WHERE o.inc = r.inc AND o.subject = r.subject
				AND o.seq NOT IN (SELECT a.seq FROM added a))
			GROUP BY r.inc) d
		WHERE c.inc = d.inc';
	RETURN NULL;
END $$;

CREATE TRIGGER incident_counts_events AFTER INSERT ON events REFERENCING NEW TABLE AS added
	FOR EACH STATEMENT EXECUTE FUNCTION incident_counts_events();
CREATE TRIGGER incident_counts_pending_added AFTER INSERT ON pending_items REFERENCING NEW TABLE AS added
	FOR EACH STATEMENT EXECUTE FUNCTION incident_counts_pending_added();
CREATE TRIGGER incident_counts_pending_removed AFTER DELETE ON pending_items REFERENCING OLD TABLE AS removed
	FOR EACH STATEMENT EXECUTE FUNCTION incident_counts_pending_removed();
CREATE TRIGGER incident_counts_reviews AFTER INSERT ON reviews REFERENCING NEW TABLE AS added
	FOR EACH STATEMENT EXECUTE FUNCTION incident_counts_reviews();

-- The facts of every suggestion of incident $1 that a row written at or
-- after chain seq $2 can change (engine.Dialect.RefreshFacts, whose
-- statement this was): new suggestions, suggestions new decisions or
-- executions answer, subjects of new verdicts.
CREATE FUNCTION signoff_refresh_facts(bigint, bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO suggestion_facts AS f
			(seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct)
		SELECT seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct
		FROM suggestion_facts_derived
		WHERE seq IN (SELECT s.seq FROM events s WHERE s.inc = $1 AND s.kind = 'suggestion' AND s.id IN (
			SELECT id FROM events WHERE seq >= $2 AND inc = $1 AND kind = 'suggestion'
			UNION SELECT suggestion FROM events WHERE seq >= $2 AND inc = $1 AND suggestion IS NOT NULL
			UNION SELECT subject FROM reviews WHERE seq >= $2 AND inc = $1))
		ON CONFLICT (seq) DO UPDATE SET
			state = excluded.state, proposed = excluded.proposed,
			reviewed = excluded.reviewed, ai_correct = excluded.ai_correct
		WHERE (f.state, f.proposed, f.reviewed, f.ai_correct)
			IS DISTINCT FROM (excluded.state, excluded.proposed, excluded.reviewed, excluded.ai_correct);
END $$;

-- The first facts of incident $1, written whole (an import, a copy).
CREATE FUNCTION signoff_new_incident_facts(bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO suggestion_facts
			(seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct)
		SELECT seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct
		FROM suggestion_facts_derived
		WHERE inc = $1;
END $$;

DO $$
DECLARE
	f text;
BEGIN
	FOREACH f IN ARRAY ARRAY['incident_counts_incident()', 'incident_counts_events()', 'incident_counts_reviews()',
		'incident_counts_pending_added()', 'incident_counts_pending_removed()',
		'suggestion_cells_insert()', 'suggestion_cells_update()', 'pending_items_insert()', 'pending_items_update()',
		'signoff_refresh_facts(bigint, bigint)', 'signoff_new_incident_facts(bigint)'] LOOP
		EXECUTE format('ALTER FUNCTION %s SECURITY DEFINER SET search_path = pg_catalog, %I, pg_temp', f, current_schema());
	END LOOP;
END $$;

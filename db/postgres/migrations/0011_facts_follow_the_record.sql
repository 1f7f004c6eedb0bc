-- The metrics' facts follow the record whoever writes it, as the
-- incident list's counts do since migration 10. Until now a writer called
-- signoff_refresh_facts (or signoff_new_incident_facts) after its rows: a
-- client that inserted a suggestion with the application role's address
-- and skipped the call (a response platform's writer, a buggy or a
-- hostile one) left it without a fact, so out of pending_items: it
-- vanished from every queue until verify named it.
--
-- Now the server writes them, once per incident and transaction, at its
-- commit: each statement that inserts timeline rows that are or answer a
-- suggestion, or verdicts, notes the incident and the first of those rows
-- in facts_due (a row per incident the transaction wrote, gone again when
-- it commits), and a deferred trigger on facts_due writes the facts as the
-- two functions did, from the record's definition
-- (suggestion_facts_derived): every suggestion of an incident that has no
-- fact yet (an import, a copy), or else those the rows from the first one
-- on can change (new suggestions, suggestions new decisions or executions
-- answer, subjects of new verdicts). The queue's rows, the sums and the
-- counts follow the facts, as before. Facts written after each statement
-- instead took an import of 100,000 events from 16 s to 30 (planning the
-- definition's look-up for each statement, 2 ms, above all; BENCHMARKS.md),
-- and wrote each decided suggestion's fact twice, pending first.
--
-- A transaction that sets the trigger IMMEDIATE (SET CONSTRAINTS) has the
-- facts written after each statement instead; none can skip it. Nothing
-- calls the two functions any longer, and they go.
CREATE TABLE facts_due (
	inc   bigint PRIMARY KEY,
	since bigint NOT NULL
);

CREATE FUNCTION facts_due_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO facts_due AS d (inc, since)
		SELECT inc, min(seq) FROM added WHERE kind = 'suggestion' OR suggestion IS NOT NULL GROUP BY inc
		ON CONFLICT (inc) DO UPDATE SET since = excluded.since WHERE excluded.since < d.since;
	RETURN NULL;
END $$;

CREATE FUNCTION facts_due_reviews() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO facts_due AS d (inc, since)
		SELECT inc, min(seq) FROM added GROUP BY inc
		ON CONFLICT (inc) DO UPDATE SET since = excluded.since WHERE excluded.since < d.since;
	RETURN NULL;
END $$;

-- The row's own since may be older than the row (a later statement of the
-- transaction lowered it): the table is read again.
CREATE FUNCTION facts_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	first bigint;
BEGIN
	DELETE FROM facts_due WHERE inc = NEW.inc RETURNING since INTO first;
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM suggestion_facts WHERE inc = NEW.inc) THEN
		INSERT INTO suggestion_facts
				(seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct)
			SELECT seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct
			FROM suggestion_facts_derived
			WHERE inc = NEW.inc;
		RETURN NULL;
	END IF;
	INSERT INTO suggestion_facts AS f
			(seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct)
		SELECT seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct
		FROM suggestion_facts_derived
		WHERE seq IN (SELECT s.seq FROM events s WHERE s.inc = NEW.inc AND s.kind = 'suggestion' AND s.id IN (
			SELECT id FROM events WHERE seq >= first AND inc = NEW.inc AND kind = 'suggestion'
			UNION SELECT suggestion FROM events WHERE seq >= first AND inc = NEW.inc AND suggestion IS NOT NULL
			UNION SELECT subject FROM reviews WHERE seq >= first AND inc = NEW.inc))
		ON CONFLICT (seq) DO UPDATE SET
			state = excluded.state, proposed = excluded.proposed,
			reviewed = excluded.reviewed, ai_correct = excluded.ai_correct
		WHERE (f.state, f.proposed, f.reviewed, f.ai_correct)
			IS DISTINCT FROM (excluded.state, excluded.proposed, excluded.reviewed, excluded.ai_correct);
	RETURN NULL;
END $$;

CREATE TRIGGER facts_due_events AFTER INSERT ON events REFERENCING NEW TABLE AS added
	FOR EACH STATEMENT EXECUTE FUNCTION facts_due_events();
CREATE TRIGGER facts_due_reviews AFTER INSERT ON reviews REFERENCING NEW TABLE AS added
	FOR EACH STATEMENT EXECUTE FUNCTION facts_due_reviews();
CREATE CONSTRAINT TRIGGER facts_at_commit AFTER INSERT ON facts_due DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION facts_at_commit();

DROP FUNCTION signoff_refresh_facts(bigint, bigint);
DROP FUNCTION signoff_new_incident_facts(bigint);

-- The three run as the schema's owner, with 0010's search path: names are
-- looked up in the server's catalog first, then in this schema alone.
DO $$
DECLARE
	f text;
BEGIN
	FOREACH f IN ARRAY ARRAY['facts_due_events()', 'facts_due_reviews()', 'facts_at_commit()'] LOOP
		EXECUTE format('ALTER FUNCTION %s SECURITY DEFINER SET search_path = pg_catalog, %I, pg_temp', f, current_schema());
	END LOOP;
END $$;

-- A new function may be executed by every role (PUBLIC) until that is
-- taken back. The functions that run as the owner are all trigger
-- functions, which the server runs for their triggers whoever inserts,
-- with no right to execute them needed: no role is to call one itself.
-- A later migration that makes one takes the right back too (the tests
-- call every such function as the application role).
DO $$
DECLARE
	f regprocedure;
BEGIN
	FOR f IN SELECT p.oid FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace AND p.prosecdef LOOP
		EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
	END LOOP;
END $$;

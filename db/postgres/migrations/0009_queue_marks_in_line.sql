-- A queue decision's mark (queue_decisions) names the decision the queue
-- recorded on a suggestion, one per suggestion (its UNIQUE), and marks are
-- append-only. The application role inserts them, since the queue writes
-- one with each decision; without this it could insert one for a pending
-- suggestion naming any other event, and no decision could ever be
-- recorded on that suggestion (its one mark taken, for good). A mark must
-- name a decision on its own suggestion, in its own incident, whoever
-- inserts it (signoff copy, as the schema's owner, copies marks after the
-- decisions they name). As the chain's check does, the function names the
-- table through the trigger's own schema, so a temporary table of the
-- inserting session cannot stand in for it, and looks names up in the
-- server's catalog alone.
CREATE FUNCTION signoff_mark_in_line() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	ok boolean;
BEGIN
	EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.events WHERE seq = $1 AND inc = $2 AND kind = ''decision'' AND suggestion = $3)', TG_TABLE_SCHEMA)
		INTO ok USING NEW.seq, NEW.inc, NEW.suggestion;
	IF NOT ok THEN
		RAISE EXCEPTION 'a queue decision''s mark names a decision on its suggestion: entry % is no decision on % of its incident', NEW.seq, NEW.suggestion;
	END IF;
	RETURN NEW;
END $$;
ALTER FUNCTION signoff_mark_in_line() SET search_path = pg_catalog, pg_temp;
CREATE TRIGGER queue_decisions_in_line BEFORE INSERT ON queue_decisions FOR EACH ROW
	EXECUTE FUNCTION signoff_mark_in_line();

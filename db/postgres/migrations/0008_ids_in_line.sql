-- Training runs and claims are numbered by the server (their identity
-- columns), and signoff never chooses one's id, nor changes it, except
-- when it copies a record as the schema's owner, who keeps the source's
-- numbers and then moves the numbering past them. Without this the
-- application role, which may insert and update them, could write rows
-- numbered ahead of the numbering, or renumber one: every later run or
-- claim would collide with them, for everyone (a row numbered
-- 9223372036854775807 would end the numbering for good). An id no further
-- than the numbering has come fills a gap at most, which nothing takes
-- again. The function runs as its owner, who may read the sequence (so
-- it asks of the role that connected, session_user, whether it owns the
-- table), looks up names in the server's catalog alone, and names the
-- table through the trigger's own schema.
CREATE FUNCTION signoff_id_in_line() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	tab text := format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME);
	reached bigint;
BEGIN
	IF TG_OP = 'UPDATE' THEN
		IF NEW.id IS DISTINCT FROM OLD.id THEN
			RAISE EXCEPTION 'the ids of % are numbered by the server and never change: % cannot become %', TG_ARGV[0], OLD.id, NEW.id
				USING ERRCODE = 'insufficient_privilege';
		END IF;
		RETURN NEW;
	END IF;
	IF pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
		RETURN NEW;
	END IF;
	reached := coalesce(pg_sequence_last_value(pg_get_serial_sequence(tab, 'id')::regclass), 0);
	IF NEW.id > reached THEN
		RAISE EXCEPTION 'the ids of % are numbered by the server: the role % may not choose % (the numbering is at %)', TG_ARGV[0], session_user, NEW.id, reached
			USING ERRCODE = 'insufficient_privilege';
	END IF;
	RETURN NEW;
END $$;
ALTER FUNCTION signoff_id_in_line() SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
CREATE TRIGGER training_runs_id_in_line BEFORE INSERT OR UPDATE ON training_runs FOR EACH ROW
	EXECUTE FUNCTION signoff_id_in_line('training runs');
CREATE TRIGGER queue_claims_id_in_line BEFORE INSERT OR UPDATE ON queue_claims FOR EACH ROW
	EXECUTE FUNCTION signoff_id_in_line('claims');

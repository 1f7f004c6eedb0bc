-- The audit chain grows at its end only, whoever inserts: the entries a
-- statement appends are numbered one after another, from one past the
-- last entry before them, and nothing is numbered after them. Without
-- this the application role, which may insert, could add an entry
-- numbered 9223372036854775807 (every later write would then fail, for
-- good) or one numbered 0 or below (before the first entry, where verify
-- does not look). The tables are named through the trigger's own schema:
-- a temporary table of the inserting session cannot stand in for them.
CREATE FUNCTION signoff_chain_in_line() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	lo bigint;
	hi bigint;
	n bigint;
	last bigint;
	later bigint;
BEGIN
	SELECT min(seq), max(seq), count(*) INTO lo, hi, n FROM appended;
	IF n = 0 THEN
		RETURN NULL;
	END IF;
	EXECUTE format('SELECT coalesce(max(seq), 0) FROM %I.%I WHERE seq < $1', TG_TABLE_SCHEMA, TG_TABLE_NAME)
		INTO last USING lo;
	EXECUTE format('SELECT min(seq) FROM %I.%I WHERE seq > $1', TG_TABLE_SCHEMA, TG_TABLE_NAME)
		INTO later USING hi;
	IF lo <> last + 1 OR hi - lo + 1 <> n OR later IS NOT NULL THEN
		RAISE EXCEPTION 'the audit chain is append-only: new entries are numbered from one past its last entry (%), one after another; entries % to % are not', last, lo, hi;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER chain_in_line AFTER INSERT ON chain REFERENCING NEW TABLE AS appended
	FOR EACH STATEMENT EXECUTE FUNCTION signoff_chain_in_line();

-- The check that keeps the audit chain in line runs in the inserting
-- session, whose search path that session chooses: a role that may create
-- in any schema (public, for every role before PostgreSQL 15) could put
-- an operator or aggregate of its own ahead of the server's (a <> that
-- finds every number in line) and append where the check refuses. The
-- function now looks names up in the server's catalog alone; the tables
-- it reads it names through the trigger's own schema already.
ALTER FUNCTION signoff_chain_in_line() SET search_path = pg_catalog, pg_temp;

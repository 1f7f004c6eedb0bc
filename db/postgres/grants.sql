-- What the application role may do in signoff's schema: record, read and
-- verify, never change or remove what is recorded. Run as the role that
-- owns the schema, after `signoff init` created the tables.
GRANT USAGE ON SCHEMA signoff TO signoff_app;
-- Every table and view may be read.
GRANT SELECT ON ALL TABLES IN SCHEMA signoff TO signoff_app;
-- The record: appended to, never updated, deleted or truncated.
GRANT INSERT ON signoff.chain, signoff.incidents, signoff.people, signoff.agents,
	signoff.assets, signoff.events, signoff.reviews, signoff.queue_approvals,
	signoff.queue_decisions, signoff.status_changes, signoff.handoff_notes TO signoff_app;
-- What the record's writes keep up to date (the queue's rows, the metrics,
-- the incident list's counts) is written only by signoff's functions,
-- which run as the owner: read, never written. (The REVOKE takes back the
-- rights an earlier version of this text gave.)
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON signoff.suggestion_facts, signoff.suggestion_cells,
	signoff.incident_counts, signoff.pending_items FROM signoff_app;
-- Outside the record: claims are renewed and released, training runs end.
-- The server numbers both, and nothing else of them changes. (The REVOKE
-- takes back the whole-table rights an earlier version of this text gave.)
REVOKE INSERT, UPDATE ON signoff.queue_claims, signoff.training_runs FROM signoff_app;
GRANT INSERT (inc, suggestion, person, since, until), UPDATE (until, released)
	ON signoff.queue_claims TO signoff_app;
GRANT INSERT (inc, trainee, authority, hindsight, anonymized, started_at, session_key, resumes),
	UPDATE (ended_at, finished) ON signoff.training_runs TO signoff_app;
GRANT INSERT ON signoff.training_choices TO signoff_app;

-- The incident record and its audit chain, on PostgreSQL.
--
-- The same record as SQLite's (db/migrations, versions 1 to 10, taken as
-- one): the chain is the record, every write appends one entry whose
-- payload is the canonical JSON of the record written, and the other
-- tables index it. Every text column compares as bytes (COLLATE "C"), as
-- SQLite's do, so rows sort the same on both engines whatever the
-- database's locale. Times are bigint Unix nanoseconds, UTC.
--
-- {{trgm}} is the schema pg_trgm is installed in (the migration runs
-- CREATE EXTENSION when it is not).

CREATE TABLE chain (
	seq      bigint PRIMARY KEY,
	at       bigint NOT NULL,
	actor    text COLLATE "C" NOT NULL,
	kind     text COLLATE "C" NOT NULL,
	incident text COLLATE "C" NOT NULL,
	subject  text COLLATE "C" NOT NULL,
	payload  text COLLATE "C" NOT NULL,
	prev     bytea NOT NULL,
	hash     bytea NOT NULL
);
CREATE INDEX chain_queue_decisions ON chain (seq) WHERE kind = 'queue-decision';

CREATE TABLE incidents (
	seq       bigint PRIMARY KEY REFERENCES chain (seq),
	id        text COLLATE "C" NOT NULL UNIQUE,
	opened_at bigint NOT NULL
);
CREATE INDEX incidents_opened ON incidents (opened_at);

CREATE TABLE people (
	seq bigint PRIMARY KEY REFERENCES chain (seq),
	inc bigint NOT NULL REFERENCES incidents (seq),
	id  text COLLATE "C" NOT NULL,
	UNIQUE (inc, id)
);

CREATE TABLE agents (
	seq bigint PRIMARY KEY REFERENCES chain (seq),
	inc bigint NOT NULL REFERENCES incidents (seq),
	id  text COLLATE "C" NOT NULL,
	UNIQUE (inc, id)
);

CREATE TABLE assets (
	seq bigint PRIMARY KEY REFERENCES chain (seq),
	inc bigint NOT NULL REFERENCES incidents (seq),
	id  text COLLATE "C" NOT NULL,
	UNIQUE (inc, id)
);

-- The timeline: every event, and a row per evidence record. folded is
-- what a search reads of the row (summary, actor, id and action, a unit
-- separator between them) folded as Go folds case: SQLite folds it with a
-- Go function at each search, PostgreSQL cannot run Go, so the writer
-- stores it. The trigram index over it finds a search's candidates.
CREATE TABLE events (
	seq        bigint PRIMARY KEY REFERENCES chain (seq),
	inc        bigint NOT NULL REFERENCES incidents (seq),
	id         text COLLATE "C" NOT NULL,
	at         bigint NOT NULL,
	kind       text COLLATE "C" NOT NULL,
	actor      text COLLATE "C" NOT NULL,
	summary    text COLLATE "C" NOT NULL,
	action     text COLLATE "C",
	target     text COLLATE "C",
	suggestion text COLLATE "C",
	decision   text COLLATE "C",
	starts     smallint NOT NULL, -- 1 when the row begins a review subject
	folded     text COLLATE "C" NOT NULL,
	UNIQUE (inc, id)
);
CREATE INDEX events_time ON events (inc, at, id);
CREATE INDEX events_subjects ON events (inc, at, id) WHERE starts = 1;
CREATE INDEX events_suggestion ON events (inc, suggestion) WHERE suggestion IS NOT NULL;
CREATE INDEX events_decision ON events (inc, decision) WHERE decision IS NOT NULL;
CREATE INDEX events_asset_evidence ON events (inc, target, at, id) WHERE kind = 'evidence';
CREATE INDEX events_suggestions ON events (inc) WHERE kind = 'suggestion';
CREATE INDEX events_search ON events USING gin (folded {{trgm}}.gin_trgm_ops);

CREATE TABLE reviews (
	seq      bigint PRIMARY KEY REFERENCES chain (seq),
	inc      bigint NOT NULL REFERENCES incidents (seq),
	subject  text COLLATE "C" NOT NULL,
	reviewer text COLLATE "C" NOT NULL,
	at       bigint NOT NULL,
	verdict  text COLLATE "C" NOT NULL
);
CREATE INDEX reviews_subject ON reviews (inc, subject, at);

CREATE TABLE queue_approvals (
	seq        bigint PRIMARY KEY REFERENCES chain (seq),
	inc        bigint NOT NULL REFERENCES incidents (seq),
	suggestion text COLLATE "C" NOT NULL,
	person     text COLLATE "C" NOT NULL,
	at         bigint NOT NULL
);
CREATE INDEX queue_approvals_suggestion ON queue_approvals (inc, suggestion);

-- One queue decision per suggestion, whatever the code above does.
CREATE TABLE queue_decisions (
	seq        bigint PRIMARY KEY REFERENCES events (seq),
	inc        bigint NOT NULL REFERENCES incidents (seq),
	suggestion text COLLATE "C" NOT NULL,
	UNIQUE (inc, suggestion)
);

CREATE TABLE status_changes (
	seq    bigint PRIMARY KEY REFERENCES chain (seq),
	inc    bigint NOT NULL REFERENCES incidents (seq),
	id     text COLLATE "C" NOT NULL,
	status text COLLATE "C" NOT NULL,
	person text COLLATE "C" NOT NULL,
	at     bigint NOT NULL,
	UNIQUE (inc, id)
);
CREATE INDEX status_changes_time ON status_changes (inc, at, seq);

CREATE TABLE handoff_notes (
	seq    bigint PRIMARY KEY REFERENCES chain (seq),
	inc    bigint NOT NULL REFERENCES incidents (seq),
	person text COLLATE "C" NOT NULL,
	at     bigint NOT NULL
);
CREATE INDEX handoff_notes_incident ON handoff_notes (inc, seq);

-- The record is append-only: a correction is a new record. The server
-- refuses changes to it whoever asks (the owner too, unless it drops the
-- triggers); the role signoff connects as has no UPDATE, DELETE or
-- TRUNCATE on these tables at all (docs/postgres.md).
CREATE FUNCTION signoff_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '%', TG_ARGV[0];
END $$;

CREATE TRIGGER chain_no_update BEFORE UPDATE ON chain FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('the audit chain is append-only: entries cannot be changed');
CREATE TRIGGER chain_no_delete BEFORE DELETE ON chain FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('the audit chain is append-only: entries cannot be deleted');
CREATE TRIGGER chain_no_truncate BEFORE TRUNCATE ON chain FOR EACH STATEMENT
	EXECUTE FUNCTION signoff_append_only('the audit chain is append-only: it cannot be truncated');
CREATE TRIGGER incidents_no_update BEFORE UPDATE ON incidents FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('incidents are append-only: record a correction instead of changing one');
CREATE TRIGGER incidents_no_delete BEFORE DELETE ON incidents FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('incidents are append-only: they cannot be deleted');
CREATE TRIGGER incidents_no_truncate BEFORE TRUNCATE ON incidents FOR EACH STATEMENT
	EXECUTE FUNCTION signoff_append_only('incidents are append-only: they cannot be truncated');
CREATE TRIGGER people_no_update BEFORE UPDATE ON people FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('people are append-only: record a correction instead of changing one');
CREATE TRIGGER people_no_delete BEFORE DELETE ON people FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('people are append-only: they cannot be deleted');
CREATE TRIGGER people_no_truncate BEFORE TRUNCATE ON people FOR EACH STATEMENT
	EXECUTE FUNCTION signoff_append_only('people are append-only: they cannot be truncated');
CREATE TRIGGER agents_no_update BEFORE UPDATE ON agents FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('agents are append-only: record a correction instead of changing one');
CREATE TRIGGER agents_no_delete BEFORE DELETE ON agents FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('agents are append-only: they cannot be deleted');
CREATE TRIGGER agents_no_truncate BEFORE TRUNCATE ON agents FOR EACH STATEMENT
	EXECUTE FUNCTION signoff_append_only('agents are append-only: they cannot be truncated');
CREATE TRIGGER assets_no_update BEFORE UPDATE ON assets FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('assets are append-only: record a correction instead of changing one');
CREATE TRIGGER assets_no_delete BEFORE DELETE ON assets FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('assets are append-only: they cannot be deleted');
CREATE TRIGGER assets_no_truncate BEFORE TRUNCATE ON assets FOR EACH STATEMENT
	EXECUTE FUNCTION signoff_append_only('assets are append-only: they cannot be truncated');
CREATE TRIGGER events_no_update BEFORE UPDATE ON events FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('events (decisions, executions, suggestions and the rest) are append-only: record a correction as a new event');
CREATE TRIGGER events_no_delete BEFORE DELETE ON events FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('events (decisions, executions, suggestions and the rest) are append-only: they cannot be deleted');
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT
	EXECUTE FUNCTION signoff_append_only('events (decisions, executions, suggestions and the rest) are append-only: they cannot be truncated');
CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('review verdicts are append-only: record a new verdict to change your mind');
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('review verdicts are append-only: they cannot be deleted');
CREATE TRIGGER reviews_no_truncate BEFORE TRUNCATE ON reviews FOR EACH STATEMENT
	EXECUTE FUNCTION signoff_append_only('review verdicts are append-only: they cannot be truncated');
CREATE TRIGGER queue_approvals_no_update BEFORE UPDATE ON queue_approvals FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('approvals are append-only: record a new decision instead of changing one');
CREATE TRIGGER queue_approvals_no_delete BEFORE DELETE ON queue_approvals FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('approvals are append-only: they cannot be deleted');
CREATE TRIGGER queue_approvals_no_truncate BEFORE TRUNCATE ON queue_approvals FOR EACH STATEMENT
	EXECUTE FUNCTION signoff_append_only('approvals are append-only: they cannot be truncated');
CREATE TRIGGER queue_decisions_no_update BEFORE UPDATE ON queue_decisions FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('queue decisions are append-only: record a correction as a new event');
CREATE TRIGGER queue_decisions_no_delete BEFORE DELETE ON queue_decisions FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('queue decisions are append-only: they cannot be deleted');
CREATE TRIGGER queue_decisions_no_truncate BEFORE TRUNCATE ON queue_decisions FOR EACH STATEMENT
	EXECUTE FUNCTION signoff_append_only('queue decisions are append-only: they cannot be truncated');
CREATE TRIGGER status_changes_no_update BEFORE UPDATE ON status_changes FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('status changes are append-only: record a new change instead of altering one');
CREATE TRIGGER status_changes_no_delete BEFORE DELETE ON status_changes FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('status changes are append-only: they cannot be deleted');
CREATE TRIGGER status_changes_no_truncate BEFORE TRUNCATE ON status_changes FOR EACH STATEMENT
	EXECUTE FUNCTION signoff_append_only('status changes are append-only: they cannot be truncated');
CREATE TRIGGER handoff_notes_no_update BEFORE UPDATE ON handoff_notes FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('hand-off notes are append-only: write a new note instead of changing one');
CREATE TRIGGER handoff_notes_no_delete BEFORE DELETE ON handoff_notes FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('hand-off notes are append-only: they cannot be deleted');
CREATE TRIGGER handoff_notes_no_truncate BEFORE TRUNCATE ON handoff_notes FOR EACH STATEMENT
	EXECUTE FUNCTION signoff_append_only('hand-off notes are append-only: they cannot be truncated');

-- Training runs: a trainee's practice, never the incident record (no
-- chain entry). A closed run is what the trainer grades.
CREATE TABLE training_runs (
	id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	inc         bigint NOT NULL REFERENCES incidents (seq),
	trainee     text COLLATE "C" NOT NULL,
	authority   text COLLATE "C" NOT NULL,
	hindsight   boolean NOT NULL,
	started_at  bigint NOT NULL,
	ended_at    bigint,
	finished    boolean NOT NULL DEFAULT false,
	session_key text COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX training_runs_inc ON training_runs (inc, started_at);

CREATE TABLE training_choices (
	run       bigint NOT NULL REFERENCES training_runs (id),
	subject   text COLLATE "C" NOT NULL,
	at        bigint NOT NULL,
	outcome   text COLLATE "C" NOT NULL,
	action    text COLLATE "C",
	target    text COLLATE "C",
	detail    text COLLATE "C",
	rationale text COLLATE "C" NOT NULL,
	took_ns   bigint NOT NULL,
	PRIMARY KEY (run, subject)
);

CREATE TRIGGER training_runs_closed BEFORE UPDATE ON training_runs FOR EACH ROW WHEN (OLD.ended_at IS NOT NULL)
	EXECUTE FUNCTION signoff_append_only('a training run is append-only once ended: start a new run instead');
CREATE TRIGGER training_choices_no_update BEFORE UPDATE ON training_choices FOR EACH ROW
	EXECUTE FUNCTION signoff_append_only('training choices are append-only: a choice cannot be changed after it is made');

-- Claims on queue items are coordination, not the record (no chain entry).
CREATE TABLE queue_claims (
	id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	inc        bigint NOT NULL REFERENCES incidents (seq),
	suggestion text COLLATE "C" NOT NULL,
	person     text COLLATE "C" NOT NULL,
	since      bigint NOT NULL,
	until      bigint NOT NULL,
	released   bigint
);
CREATE INDEX queue_claims_item ON queue_claims (inc, suggestion, id);
CREATE INDEX queue_claims_live ON queue_claims (until) WHERE released IS NULL;

-- AI trust metrics: one fact per suggestion, defined once by the view;
-- writes refresh the table from it (engine.Dialect.RefreshFacts).
CREATE VIEW suggestion_facts_derived AS
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
		to_char(to_timestamp(s.at / 1000000000) AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
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

-- What one suggestion adds to each sum the metrics divide: the generated
-- columns spell out SQLite's (migration 0003) in full, as PostgreSQL's
-- generated columns cannot build on one another.
CREATE TABLE suggestion_facts (
	seq        bigint PRIMARY KEY REFERENCES events (seq),
	inc        bigint NOT NULL REFERENCES incidents (seq),
	at         bigint NOT NULL,
	month      text COLLATE "C" NOT NULL,
	agent      text COLLATE "C" NOT NULL,
	action     text COLLATE "C" NOT NULL,
	confidence float8,
	bin        int NOT NULL,
	state      text COLLATE "C" NOT NULL,
	proposed   text COLLATE "C",
	reviewed   text COLLATE "C",
	ai_correct text COLLATE "C",
	counted    text COLLATE "C" GENERATED ALWAYS AS (coalesce(reviewed, proposed)) STORED,
	outcome    float8 GENERATED ALWAYS AS (CASE ai_correct
		WHEN 'yes' THEN 1.0 WHEN 'no' THEN 0.0 WHEN 'partial' THEN 0.5 END) STORED,
	n_pending  int GENERATED ALWAYS AS ((state = 'pending')::int) STORED,
	n_auto     int GENERATED ALWAYS AS ((state = 'auto_executed')::int) STORED,
	n_decided  int GENERATED ALWAYS AS ((state = 'decided')::int) STORED,
	n_followed int GENERATED ALWAYS AS (coalesce((coalesce(reviewed, proposed) = 'followed')::int, 0)) STORED,
	n_modified int GENERATED ALWAYS AS (coalesce((coalesce(reviewed, proposed) = 'modified')::int, 0)) STORED,
	n_ignored  int GENERATED ALWAYS AS (coalesce((coalesce(reviewed, proposed) = 'ignored')::int, 0)) STORED,
	n_decided_followed int GENERATED ALWAYS AS (coalesce((state = 'decided' AND coalesce(reviewed, proposed) = 'followed')::int, 0)) STORED,
	n_decided_overridden int GENERATED ALWAYS AS (coalesce((state = 'decided' AND coalesce(reviewed, proposed) IN ('modified', 'ignored'))::int, 0)) STORED,
	n_followed_judged int GENERATED ALWAYS AS (coalesce((coalesce(reviewed, proposed) = 'followed' AND ai_correct IN ('yes', 'no'))::int, 0)) STORED,
	n_followed_correct int GENERATED ALWAYS AS (coalesce((coalesce(reviewed, proposed) = 'followed' AND ai_correct = 'yes')::int, 0)) STORED,
	n_ignored_judged int GENERATED ALWAYS AS (coalesce((coalesce(reviewed, proposed) = 'ignored' AND ai_correct IN ('yes', 'no'))::int, 0)) STORED,
	n_ignored_correct int GENERATED ALWAYS AS (coalesce((coalesce(reviewed, proposed) = 'ignored' AND ai_correct = 'yes')::int, 0)) STORED,
	-- Scored: a confidence and a hindsight judgement other than unknown.
	n_scored int GENERATED ALWAYS AS ((confidence IS NOT NULL AND coalesce(ai_correct IN ('yes', 'no', 'partial'), false))::int) STORED,
	scored_confidence float8 GENERATED ALWAYS AS (CASE
		WHEN confidence IS NOT NULL AND ai_correct IN ('yes', 'no', 'partial') THEN confidence ELSE 0.0 END) STORED,
	scored_outcome float8 GENERATED ALWAYS AS (CASE
		WHEN confidence IS NOT NULL AND ai_correct IN ('yes', 'no', 'partial')
		THEN CASE ai_correct WHEN 'yes' THEN 1.0 WHEN 'no' THEN 0.0 ELSE 0.5 END ELSE 0.0 END) STORED,
	squared_error float8 GENERATED ALWAYS AS (CASE
		WHEN confidence IS NOT NULL AND ai_correct IN ('yes', 'no', 'partial')
		THEN (confidence - CASE ai_correct WHEN 'yes' THEN 1.0 WHEN 'no' THEN 0.0 ELSE 0.5 END)
			* (confidence - CASE ai_correct WHEN 'yes' THEN 1.0 WHEN 'no' THEN 0.0 ELSE 0.5 END)
		ELSE 0.0 END) STORED
);
CREATE INDEX suggestion_facts_incident ON suggestion_facts (inc, at, seq);
CREATE INDEX suggestion_facts_time ON suggestion_facts (at, seq);
CREATE INDEX suggestion_facts_agent ON suggestion_facts (agent, at, seq);
CREATE INDEX suggestion_facts_action ON suggestion_facts (action, at, seq);

-- The sums of suggestion_facts per agent, action type, month and
-- confidence bin, kept by the statement triggers below: one pass over the
-- rows a statement wrote, rather than a trigger call per row.
CREATE TABLE suggestion_cells (
	agent text COLLATE "C" NOT NULL, action text COLLATE "C" NOT NULL, month text COLLATE "C" NOT NULL, bin int NOT NULL,
	suggestions int NOT NULL, pending int NOT NULL, auto_executed int NOT NULL,
	decided int NOT NULL, followed int NOT NULL, modified int NOT NULL, ignored int NOT NULL,
	decided_followed int NOT NULL, decided_overridden int NOT NULL,
	followed_judged int NOT NULL, followed_correct int NOT NULL,
	ignored_judged int NOT NULL, ignored_correct int NOT NULL,
	scored int NOT NULL, confidence_sum float8 NOT NULL, outcome_sum float8 NOT NULL, squared_error_sum float8 NOT NULL,
	PRIMARY KEY (agent, action, month, bin)
);

CREATE FUNCTION suggestion_cells_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO suggestion_cells AS c
	SELECT agent, action, month, bin, count(*),
		sum(n_pending), sum(n_auto), sum(n_decided), sum(n_followed), sum(n_modified), sum(n_ignored),
		sum(n_decided_followed), sum(n_decided_overridden), sum(n_followed_judged), sum(n_followed_correct),
		sum(n_ignored_judged), sum(n_ignored_correct), sum(n_scored),
		sum(scored_confidence), sum(scored_outcome), sum(squared_error)
	FROM new_facts GROUP BY agent, action, month, bin
	ON CONFLICT (agent, action, month, bin) DO UPDATE SET
		suggestions = c.suggestions + excluded.suggestions,
		pending = c.pending + excluded.pending,
		auto_executed = c.auto_executed + excluded.auto_executed,
		decided = c.decided + excluded.decided,
		followed = c.followed + excluded.followed,
		modified = c.modified + excluded.modified,
		ignored = c.ignored + excluded.ignored,
		decided_followed = c.decided_followed + excluded.decided_followed,
		decided_overridden = c.decided_overridden + excluded.decided_overridden,
		followed_judged = c.followed_judged + excluded.followed_judged,
		followed_correct = c.followed_correct + excluded.followed_correct,
		ignored_judged = c.ignored_judged + excluded.ignored_judged,
		ignored_correct = c.ignored_correct + excluded.ignored_correct,
		scored = c.scored + excluded.scored,
		confidence_sum = c.confidence_sum + excluded.confidence_sum,
		outcome_sum = c.outcome_sum + excluded.outcome_sum,
		squared_error_sum = c.squared_error_sum + excluded.squared_error_sum;
	RETURN NULL;
END $$;

-- A fact's group never changes after it is inserted; an update adds the
-- difference. When a group's scored count comes back to 0 its sums are set
-- to exactly 0, so additions and subtractions of floating-point terms
-- leave no residue behind.
CREATE FUNCTION suggestion_cells_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE suggestion_cells c SET
		pending = c.pending + d.pending,
		auto_executed = c.auto_executed + d.auto_executed,
		decided = c.decided + d.decided,
		followed = c.followed + d.followed,
		modified = c.modified + d.modified,
		ignored = c.ignored + d.ignored,
		decided_followed = c.decided_followed + d.decided_followed,
		decided_overridden = c.decided_overridden + d.decided_overridden,
		followed_judged = c.followed_judged + d.followed_judged,
		followed_correct = c.followed_correct + d.followed_correct,
		ignored_judged = c.ignored_judged + d.ignored_judged,
		ignored_correct = c.ignored_correct + d.ignored_correct,
		scored = c.scored + d.scored,
		confidence_sum = CASE WHEN c.scored + d.scored = 0 THEN 0.0 ELSE c.confidence_sum + d.confidence_sum END,
		outcome_sum = CASE WHEN c.scored + d.scored = 0 THEN 0.0 ELSE c.outcome_sum + d.outcome_sum END,
		squared_error_sum = CASE WHEN c.scored + d.scored = 0 THEN 0.0 ELSE c.squared_error_sum + d.squared_error_sum END
	FROM (SELECT n.agent, n.action, n.month, n.bin,
			sum(n.n_pending - o.n_pending) AS pending, sum(n.n_auto - o.n_auto) AS auto_executed,
			sum(n.n_decided - o.n_decided) AS decided, sum(n.n_followed - o.n_followed) AS followed,
			sum(n.n_modified - o.n_modified) AS modified, sum(n.n_ignored - o.n_ignored) AS ignored,
			sum(n.n_decided_followed - o.n_decided_followed) AS decided_followed,
			sum(n.n_decided_overridden - o.n_decided_overridden) AS decided_overridden,
			sum(n.n_followed_judged - o.n_followed_judged) AS followed_judged,
			sum(n.n_followed_correct - o.n_followed_correct) AS followed_correct,
			sum(n.n_ignored_judged - o.n_ignored_judged) AS ignored_judged,
			sum(n.n_ignored_correct - o.n_ignored_correct) AS ignored_correct,
			sum(n.n_scored - o.n_scored) AS scored,
			sum(n.scored_confidence - o.scored_confidence) AS confidence_sum,
			sum(n.scored_outcome - o.scored_outcome) AS outcome_sum,
			sum(n.squared_error - o.squared_error) AS squared_error_sum
		FROM new_facts n JOIN old_facts o ON o.seq = n.seq
		GROUP BY n.agent, n.action, n.month, n.bin) d
	WHERE c.agent = d.agent AND c.action = d.action AND c.month = d.month AND c.bin = d.bin;
	RETURN NULL;
END $$;

CREATE TRIGGER suggestion_cells_insert AFTER INSERT ON suggestion_facts
	REFERENCING NEW TABLE AS new_facts FOR EACH STATEMENT EXECUTE FUNCTION suggestion_cells_insert();
CREATE TRIGGER suggestion_cells_update AFTER UPDATE ON suggestion_facts
	REFERENCING OLD TABLE AS old_facts NEW TABLE AS new_facts FOR EACH STATEMENT EXECUTE FUNCTION suggestion_cells_update();

-- The counts the incident list and the header show, kept per incident
-- (engine.Dialect.RefreshCounts); the view is their one definition.
CREATE VIEW incident_counts_derived AS
SELECT i.seq AS inc,
	(SELECT count(*) FROM events e WHERE e.inc = i.seq AND e.kind <> 'evidence')::int AS events,
	(SELECT count(*) FROM events e WHERE e.inc = i.seq AND e.kind = 'suggestion')::int AS suggestions,
	(SELECT count(*) FROM events e WHERE e.inc = i.seq AND e.kind = 'decision')::int AS decisions,
	(SELECT count(*) FROM events e WHERE e.inc = i.seq AND e.kind = 'execution')::int AS executions,
	(SELECT count(*) FROM events s WHERE s.inc = i.seq AND s.kind = 'suggestion'
		AND NOT EXISTS (SELECT 1 FROM events x WHERE x.inc = i.seq AND x.suggestion = s.id))::int AS pending,
	(SELECT count(*) FROM events e WHERE e.inc = i.seq AND e.starts = 1)::int AS subjects,
	(SELECT count(DISTINCT subject) FROM reviews r WHERE r.inc = i.seq)::int AS reviewed
FROM incidents i;

CREATE TABLE incident_counts (
	inc         bigint PRIMARY KEY REFERENCES incidents (seq),
	events      int NOT NULL,
	suggestions int NOT NULL,
	decisions   int NOT NULL,
	executions  int NOT NULL,
	pending     int NOT NULL,
	subjects    int NOT NULL,
	reviewed    int NOT NULL
);

CREATE FUNCTION incident_counts_incident() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO incident_counts VALUES (NEW.seq, 0, 0, 0, 0, 0, 0, 0);
	RETURN NULL;
END $$;
CREATE TRIGGER incident_counts_incident AFTER INSERT ON incidents FOR EACH ROW
	EXECUTE FUNCTION incident_counts_incident();

-- The queue's rows: one per pending suggestion, with the fields a row of
-- the queue shows. It follows suggestion_facts: a suggestion enters when
-- its fact is written pending and leaves when its fact stops being pending.
CREATE VIEW pending_items_derived AS
SELECT s.seq, s.inc, s.id, s.at, s.actor AS agent, coalesce(s.action, '') AS action, s.target,
	coalesce(c.payload::json -> 'action' ->> 'detail', '') AS detail,
	(c.payload::json -> 'confidence')::text AS confidence,
	coalesce((c.payload::json ->> 'rank')::bigint, 0) AS rank,
	c.payload::json ->> 'expires_at' AS expires_at
FROM events s JOIN chain c ON c.seq = s.seq
WHERE s.kind = 'suggestion' AND NOT EXISTS (SELECT 1 FROM events x WHERE x.inc = s.inc AND x.suggestion = s.id);

CREATE TABLE pending_items (
	seq        bigint NOT NULL REFERENCES events (seq),
	inc        bigint NOT NULL REFERENCES incidents (seq),
	id         text COLLATE "C" NOT NULL,
	at         bigint NOT NULL,
	agent      text COLLATE "C" NOT NULL,
	action     text COLLATE "C" NOT NULL,
	target     text COLLATE "C",
	detail     text COLLATE "C" NOT NULL,
	confidence text COLLATE "C",
	rank       bigint NOT NULL,
	expires_at text COLLATE "C",
	PRIMARY KEY (inc, seq)
);

CREATE FUNCTION pending_items_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO pending_items
	SELECT p.* FROM pending_items_derived p JOIN new_facts n ON n.seq = p.seq WHERE n.state = 'pending'
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;

CREATE FUNCTION pending_items_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM pending_items p USING new_facts n JOIN old_facts o ON o.seq = n.seq
	WHERE p.inc = n.inc AND p.seq = n.seq AND n.state IS DISTINCT FROM o.state AND n.state <> 'pending';
	INSERT INTO pending_items
	SELECT p.* FROM pending_items_derived p JOIN new_facts n ON n.seq = p.seq JOIN old_facts o ON o.seq = n.seq
	WHERE n.state IS DISTINCT FROM o.state AND n.state = 'pending'
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;

CREATE TRIGGER pending_items_insert AFTER INSERT ON suggestion_facts
	REFERENCING NEW TABLE AS new_facts FOR EACH STATEMENT EXECUTE FUNCTION pending_items_insert();
CREATE TRIGGER pending_items_update AFTER UPDATE ON suggestion_facts
	REFERENCING OLD TABLE AS old_facts NEW TABLE AS new_facts FOR EACH STATEMENT EXECUTE FUNCTION pending_items_update();

-- Live refresh: every statement that writes the record (each appends to
-- the chain), a claim or a training run tells the listeners of this
-- schema, at commit, on one channel; a transaction's notifications fold
-- into one.
CREATE FUNCTION signoff_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('signoff', TG_TABLE_SCHEMA);
	RETURN NULL;
END $$;
CREATE TRIGGER chain_notify AFTER INSERT ON chain FOR EACH STATEMENT EXECUTE FUNCTION signoff_notify();
CREATE TRIGGER queue_claims_notify AFTER INSERT OR UPDATE ON queue_claims FOR EACH STATEMENT EXECUTE FUNCTION signoff_notify();
CREATE TRIGGER training_runs_notify AFTER INSERT OR UPDATE ON training_runs FOR EACH STATEMENT EXECUTE FUNCTION signoff_notify();
CREATE TRIGGER training_choices_notify AFTER INSERT ON training_choices FOR EACH STATEMENT EXECUTE FUNCTION signoff_notify();

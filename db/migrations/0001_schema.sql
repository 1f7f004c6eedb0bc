-- The incident record and its audit chain.
--
-- The chain is the record: every write appends one entry whose payload is
-- the canonical JSON of the record written. The other tables are indexes over
-- it: each row carries the seq of its entry and the columns queries need, and
-- a record's full body is read from its entry's payload. verify recomputes
-- the chain and checks every row against the entry it came from.
--
-- Times are integers (Unix nanoseconds, UTC) so they sort as times.

CREATE TABLE schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at TEXT NOT NULL
);

CREATE TABLE chain (
	seq      INTEGER PRIMARY KEY,
	at       INTEGER NOT NULL,
	actor    TEXT NOT NULL,
	kind     TEXT NOT NULL,
	incident TEXT NOT NULL,
	subject  TEXT NOT NULL,
	payload  TEXT NOT NULL,
	prev     BLOB NOT NULL,
	hash     BLOB NOT NULL
);

CREATE TABLE incidents (
	seq       INTEGER PRIMARY KEY REFERENCES chain (seq),
	id        TEXT NOT NULL UNIQUE,
	opened_at INTEGER NOT NULL
);
CREATE INDEX incidents_opened ON incidents (opened_at);

CREATE TABLE people (
	seq INTEGER PRIMARY KEY REFERENCES chain (seq),
	inc INTEGER NOT NULL REFERENCES incidents (seq),
	id  TEXT NOT NULL,
	UNIQUE (inc, id)
);

CREATE TABLE agents (
	seq INTEGER PRIMARY KEY REFERENCES chain (seq),
	inc INTEGER NOT NULL REFERENCES incidents (seq),
	id  TEXT NOT NULL,
	UNIQUE (inc, id)
);

CREATE TABLE assets (
	seq INTEGER PRIMARY KEY REFERENCES chain (seq),
	inc INTEGER NOT NULL REFERENCES incidents (seq),
	id  TEXT NOT NULL,
	UNIQUE (inc, id)
);

-- events holds the timeline: every event, and one row per evidence record
-- (kind 'evidence', "evidence collected"), because the two share the
-- timeline and one id namespace.
CREATE TABLE events (
	seq        INTEGER PRIMARY KEY REFERENCES chain (seq),
	inc        INTEGER NOT NULL REFERENCES incidents (seq),
	id         TEXT NOT NULL,
	at         INTEGER NOT NULL,
	kind       TEXT NOT NULL,
	actor      TEXT NOT NULL, -- source, agent, owner, actor or collector
	summary    TEXT NOT NULL, -- the line the timeline shows
	action     TEXT,          -- action type of a suggestion or decision
	target     TEXT,          -- action target, or the asset of evidence
	suggestion TEXT,          -- decision, execution: the suggestion answered
	decision   TEXT,          -- execution: the decision carried out
	starts     INTEGER NOT NULL, -- 1 when the row begins a review subject
	UNIQUE (inc, id)
);
CREATE INDEX events_time ON events (inc, at, id);
CREATE INDEX events_kind ON events (inc, kind);
CREATE INDEX events_subjects ON events (inc, at, id) WHERE starts = 1;
CREATE INDEX events_suggestion ON events (inc, suggestion) WHERE suggestion IS NOT NULL;
CREATE INDEX events_decision ON events (inc, decision) WHERE decision IS NOT NULL;
CREATE INDEX events_asset_evidence ON events (inc, target) WHERE kind = 'evidence';

CREATE TABLE reviews (
	seq      INTEGER PRIMARY KEY REFERENCES chain (seq),
	inc      INTEGER NOT NULL REFERENCES incidents (seq),
	subject  TEXT NOT NULL,
	reviewer TEXT NOT NULL,
	at       INTEGER NOT NULL,
	verdict  TEXT NOT NULL
);
CREATE INDEX reviews_subject ON reviews (inc, subject, at);

-- The record is append-only: a correction is a new record. Decisions,
-- approvals (inside decisions), executions and verdicts above all, but no
-- row of the record may change once written.
CREATE TRIGGER chain_no_update BEFORE UPDATE ON chain BEGIN
	SELECT RAISE(ABORT, 'the audit chain is append-only: entries cannot be changed');
END;
CREATE TRIGGER chain_no_delete BEFORE DELETE ON chain BEGIN
	SELECT RAISE(ABORT, 'the audit chain is append-only: entries cannot be deleted');
END;
CREATE TRIGGER incidents_no_update BEFORE UPDATE ON incidents BEGIN
	SELECT RAISE(ABORT, 'incidents are append-only: record a correction instead of changing one');
END;
CREATE TRIGGER incidents_no_delete BEFORE DELETE ON incidents BEGIN
	SELECT RAISE(ABORT, 'incidents are append-only: they cannot be deleted');
END;
CREATE TRIGGER people_no_update BEFORE UPDATE ON people BEGIN
	SELECT RAISE(ABORT, 'people are append-only: record a correction instead of changing one');
END;
CREATE TRIGGER people_no_delete BEFORE DELETE ON people BEGIN
	SELECT RAISE(ABORT, 'people are append-only: they cannot be deleted');
END;
CREATE TRIGGER agents_no_update BEFORE UPDATE ON agents BEGIN
	SELECT RAISE(ABORT, 'agents are append-only: record a correction instead of changing one');
END;
CREATE TRIGGER agents_no_delete BEFORE DELETE ON agents BEGIN
	SELECT RAISE(ABORT, 'agents are append-only: they cannot be deleted');
END;
CREATE TRIGGER assets_no_update BEFORE UPDATE ON assets BEGIN
	SELECT RAISE(ABORT, 'assets are append-only: record a correction instead of changing one');
END;
CREATE TRIGGER assets_no_delete BEFORE DELETE ON assets BEGIN
	SELECT RAISE(ABORT, 'assets are append-only: they cannot be deleted');
END;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN
	SELECT RAISE(ABORT, 'events (decisions, executions, suggestions and the rest) are append-only: record a correction as a new event');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN
	SELECT RAISE(ABORT, 'events (decisions, executions, suggestions and the rest) are append-only: they cannot be deleted');
END;
CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews BEGIN
	SELECT RAISE(ABORT, 'review verdicts are append-only: record a new verdict to change your mind');
END;
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews BEGIN
	SELECT RAISE(ABORT, 'review verdicts are append-only: they cannot be deleted');
END;

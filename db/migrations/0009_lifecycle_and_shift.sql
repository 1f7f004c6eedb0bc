-- An incident's life and an analyst's shift.
--
-- status_changes and handoff_notes are indexes over the audit chain like
-- the tables of 0001: each row carries the seq of its entry (chain kinds
-- 'status' and 'handoff', payloads a model.StatusChange and a
-- model.HandoffNote), verify checks every row against its entry, and rows
-- never change.
--
-- The status in force is the latest status change by time, then seq,
-- else the status the incident was recorded with (its payload).

CREATE TABLE status_changes (
	seq    INTEGER PRIMARY KEY REFERENCES chain (seq),
	inc    INTEGER NOT NULL REFERENCES incidents (seq),
	id     TEXT NOT NULL,
	status TEXT NOT NULL,
	person TEXT NOT NULL,
	at     INTEGER NOT NULL,
	UNIQUE (inc, id)
);
CREATE INDEX status_changes_time ON status_changes (inc, at, seq);

CREATE TABLE handoff_notes (
	seq    INTEGER PRIMARY KEY REFERENCES chain (seq),
	inc    INTEGER NOT NULL REFERENCES incidents (seq),
	person TEXT NOT NULL,
	at     INTEGER NOT NULL
);
CREATE INDEX handoff_notes_incident ON handoff_notes (inc, seq);

CREATE TRIGGER status_changes_no_update BEFORE UPDATE ON status_changes BEGIN
	SELECT RAISE(ABORT, 'status changes are append-only: record a new change instead of altering one');
END;
CREATE TRIGGER status_changes_no_delete BEFORE DELETE ON status_changes BEGIN
	SELECT RAISE(ABORT, 'status changes are append-only: they cannot be deleted');
END;
CREATE TRIGGER handoff_notes_no_update BEFORE UPDATE ON handoff_notes BEGIN
	SELECT RAISE(ABORT, 'hand-off notes are append-only: write a new note instead of changing one');
END;
CREATE TRIGGER handoff_notes_no_delete BEFORE DELETE ON handoff_notes BEGIN
	SELECT RAISE(ABORT, 'hand-off notes are append-only: they cannot be deleted');
END;

-- Claims on queue items ("I'm on it") are coordination, not the record:
-- no chain entry, not exported, never read by findings, reports or
-- metrics. A row is one claim; renewing it moves until, releasing it sets
-- released. The live claim of an item is its latest row not released whose
-- until is still ahead.
CREATE TABLE queue_claims (
	id         INTEGER PRIMARY KEY,
	inc        INTEGER NOT NULL REFERENCES incidents (seq),
	suggestion TEXT NOT NULL,
	person     TEXT NOT NULL,
	since      INTEGER NOT NULL,
	until      INTEGER NOT NULL,
	released   INTEGER
);
CREATE INDEX queue_claims_item ON queue_claims (inc, suggestion, id);
CREATE INDEX queue_claims_live ON queue_claims (until) WHERE released IS NULL;

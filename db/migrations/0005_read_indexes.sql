-- Read indexes: what keeps the workstation's reads (the timeline, the
-- incident list and the queue) off the size of an incident.
--
-- Everything here is derived from the record and is not the record: no
-- chain entry points at these rows, verify does not compare them with the
-- chain (they are not in its tables map), and each is rebuilt from the
-- record tables by the statements below, which are also what the tests
-- hold them equal to.

-- A step shows the evidence for its target asset nearest to its execution,
-- and evidence-after-action asks for the last record before it: both are a
-- seek on (asset, time) instead of a walk over every record of the asset.
DROP INDEX events_asset_evidence;
CREATE INDEX events_asset_evidence ON events (inc, target, at, id) WHERE kind = 'evidence';

-- The counts `incidents` and the header show, kept per incident instead
-- of counted over the timeline on every call. incident_counts_derived is
-- their one definition: the table starts from it, and a test holds the two
-- equal after every kind of write. A new incident gets a row of zeros from
-- the trigger below; each write then adds what its rows change, in one
-- statement (refreshReadIndexes, called with refreshFacts): a row trigger on
-- events cost about 10 microseconds a row, a third of an import.
CREATE VIEW incident_counts_derived AS
SELECT i.seq AS inc,
	(SELECT count(*) FROM events e WHERE e.inc = i.seq AND e.kind <> 'evidence') AS events,
	(SELECT count(*) FROM events e WHERE e.inc = i.seq AND e.kind = 'suggestion') AS suggestions,
	(SELECT count(*) FROM events e WHERE e.inc = i.seq AND e.kind = 'decision') AS decisions,
	(SELECT count(*) FROM events e WHERE e.inc = i.seq AND e.kind = 'execution') AS executions,
	(SELECT count(*) FROM events s WHERE s.inc = i.seq AND s.kind = 'suggestion'
		AND NOT EXISTS (SELECT 1 FROM events x WHERE x.inc = i.seq AND x.suggestion = s.id)) AS pending,
	(SELECT count(*) FROM events e WHERE e.inc = i.seq AND e.starts = 1) AS subjects,
	(SELECT count(DISTINCT subject) FROM reviews r WHERE r.inc = i.seq) AS reviewed
FROM incidents i;

CREATE TABLE incident_counts (
	inc         INTEGER PRIMARY KEY REFERENCES incidents (seq),
	events      INTEGER NOT NULL, -- every event but evidence records
	suggestions INTEGER NOT NULL,
	decisions   INTEGER NOT NULL,
	executions  INTEGER NOT NULL,
	pending     INTEGER NOT NULL, -- suggestions no event answers
	subjects    INTEGER NOT NULL, -- rows that begin a review step
	reviewed    INTEGER NOT NULL  -- distinct subjects of review verdicts
);

INSERT INTO incident_counts SELECT * FROM incident_counts_derived;

CREATE TRIGGER incident_counts_incident AFTER INSERT ON incidents BEGIN
	INSERT INTO incident_counts VALUES (NEW.seq, 0, 0, 0, 0, 0, 0, 0);
END;

-- Timeline search: a trigram index over the fields SearchTimeline matches
-- (summary, actor, id, action), so a search finds its candidate rows
-- without reading the timeline. It holds no text of its own (content='')
-- and no positions (detail='none'): it only narrows the rows, which the
-- search then checks with the very test it uses without the index. The
-- rowid is the event row's seq. Rows are never changed or deleted.
--
-- It is filled by one INSERT ... SELECT per write (refreshReadIndexes, called
-- with refreshFacts), not by a row trigger: FTS5 flushes its pending terms
-- at the end of every statement, so a trigger wrote one segment per row
-- and made an import 2.5 times slower.
CREATE VIRTUAL TABLE timeline_search USING fts5(summary, actor, id, action,
	tokenize = 'trigram', content = '', detail = 'none', columnsize = 0);

INSERT INTO timeline_search (rowid, summary, actor, id, action)
SELECT seq, summary, actor, id, coalesce(action, '') FROM events;

-- The queue's rows: one per pending suggestion, with the fields a row of
-- the queue shows, so listing ten thousand of them reads no payload.
-- pending_items_derived is the definition. The table follows
-- suggestion_facts, which every write path refreshes in its transaction:
-- a suggestion enters when its fact is written pending and leaves when
-- its fact stops being pending (a decision or an execution answered it).
-- Payload fields keep their JSON text (confidence) so they decode as the
-- payload does.
CREATE VIEW pending_items_derived AS
SELECT s.seq, s.inc, s.id, s.at, s.actor AS agent, coalesce(s.action, '') AS action, s.target,
	coalesce(c.payload ->> '$.action.detail', '') AS detail,
	c.payload -> '$.confidence' AS confidence,
	coalesce(c.payload ->> '$.rank', 0) AS rank,
	c.payload ->> '$.expires_at' AS expires_at
FROM events s JOIN chain c ON c.seq = s.seq
WHERE s.kind = 'suggestion' AND NOT EXISTS (SELECT 1 FROM events x WHERE x.inc = s.inc AND x.suggestion = s.id);

CREATE TABLE pending_items (
	seq        INTEGER NOT NULL REFERENCES events (seq), -- the suggestion
	inc        INTEGER NOT NULL REFERENCES incidents (seq),
	id         TEXT NOT NULL,
	at         INTEGER NOT NULL,
	agent      TEXT NOT NULL,
	action     TEXT NOT NULL,
	target     TEXT,
	detail     TEXT NOT NULL,
	confidence TEXT,             -- JSON number, NULL without one
	rank       INTEGER NOT NULL,
	expires_at TEXT,             -- RFC 3339, NULL without one
	PRIMARY KEY (inc, seq)
) WITHOUT ROWID; -- stored in the order the queue reads an incident's rows

INSERT INTO pending_items SELECT * FROM pending_items_derived;

CREATE TRIGGER pending_items_fact AFTER INSERT ON suggestion_facts WHEN NEW.state = 'pending' BEGIN
	INSERT OR IGNORE INTO pending_items SELECT * FROM pending_items_derived WHERE seq = NEW.seq;
END;

CREATE TRIGGER pending_items_state AFTER UPDATE OF state ON suggestion_facts WHEN NEW.state IS NOT OLD.state BEGIN
	DELETE FROM pending_items WHERE inc = NEW.inc AND seq = NEW.seq AND NEW.state <> 'pending';
	INSERT OR IGNORE INTO pending_items SELECT * FROM pending_items_derived WHERE seq = NEW.seq AND NEW.state = 'pending';
END;

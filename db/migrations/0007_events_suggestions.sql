-- A smaller index for finding an incident's suggestions, so that a
-- million-event import pays for one full index fewer.
--
-- events_kind (inc, kind) held an entry for every row, and every import
-- paid for it (about 8% of a 200,000-event import). Its readers were the
-- suggestions of an incident (the facts and the pending items), which this
-- partial index serves, the export (now reading seqs and then the chain in
-- seq order, export.go) and the counts view, which runs only when a
-- migration fills incident_counts.
DROP INDEX events_kind;
CREATE INDEX events_suggestions ON events (inc) WHERE kind = 'suggestion';

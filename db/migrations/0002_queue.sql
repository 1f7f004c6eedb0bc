-- The pending-approvals queue (SPEC.md "Deciding in the queue").
--
-- Both tables are indexes over the audit chain, like those of 0001:
-- queue_approvals has one row per first approval of a critical action
-- (chain kind 'approval', payload a model.PendingApproval), and
-- queue_decisions marks the decision events (chain kind 'event', id
-- 'D-' || suggestion) made in the queue, which `signoff decisions` streams.

CREATE TABLE queue_approvals (
	seq        INTEGER PRIMARY KEY REFERENCES chain (seq),
	inc        INTEGER NOT NULL REFERENCES incidents (seq),
	suggestion TEXT NOT NULL,
	person     TEXT NOT NULL,
	at         INTEGER NOT NULL
);
CREATE INDEX queue_approvals_suggestion ON queue_approvals (inc, suggestion);

-- One queue decision per suggestion, whatever the code above does.
CREATE TABLE queue_decisions (
	seq        INTEGER PRIMARY KEY REFERENCES events (seq),
	inc        INTEGER NOT NULL REFERENCES incidents (seq),
	suggestion TEXT NOT NULL,
	UNIQUE (inc, suggestion)
);

CREATE TRIGGER queue_approvals_no_update BEFORE UPDATE ON queue_approvals BEGIN
	SELECT RAISE(ABORT, 'approvals are append-only: record a new decision instead of changing one');
END;
CREATE TRIGGER queue_approvals_no_delete BEFORE DELETE ON queue_approvals BEGIN
	SELECT RAISE(ABORT, 'approvals are append-only: they cannot be deleted');
END;
CREATE TRIGGER queue_decisions_no_update BEFORE UPDATE ON queue_decisions BEGIN
	SELECT RAISE(ABORT, 'queue decisions are append-only: record a correction as a new event');
END;
CREATE TRIGGER queue_decisions_no_delete BEFORE DELETE ON queue_decisions BEGIN
	SELECT RAISE(ABORT, 'queue decisions are append-only: they cannot be deleted');
END;

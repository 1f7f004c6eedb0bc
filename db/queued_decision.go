package db

import (
	"context"
	"database/sql"

	"github.com/signoff/signoff/model"
)

// DecidedInQueue reports whether decision id of incident was made through
// signoff's own decision path (the queue, approve, reject and defer, serve,
// a close's deferrals): its audit-chain entry is of the kind only Decide and
// ChangeStatus write, queue-decision. A decision a stream appended is an
// entry of kind event, whoever it names as owner and approvers, and so is
// one recorded before migration 0010 (known only by its mark outside the
// chain): both are reported false, so a caller that acts on the answer
// fails closed. The kind is hashed with the entry, so it is read checked,
// and an entry that does not verify is refused (ETAMPERED). The approvals
// of such a decision were given in the queue as well: the queue reads a
// first approval only from the entries Decide writes (kind approval).
func (d *DB) DecidedInQueue(ctx context.Context, incident, id string) (bool, error) {
	tx, inc, err := d.readIncident(ctx, incident)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	entry, err := scanEntry(tx.QueryRowContext(ctx, "SELECT "+entryColumns+
		" FROM events e JOIN chain c ON c.seq = e.seq WHERE e.inc = ? AND e.id = ? AND e.kind = 'decision'", inc, id))
	if err == sql.ErrNoRows {
		return false, model.Errorf(model.ENOTFOUND, "incident %s has no decision %s", incident, id)
	}
	if err != nil {
		return false, d.fail(err)
	}
	r := d.reader(tx)
	r.check(&entry)
	if err := r.refuse("where " + incident + "/" + id + " was decided cannot be told"); err != nil {
		return false, err
	}
	return entry.Kind == recQueued, nil
}

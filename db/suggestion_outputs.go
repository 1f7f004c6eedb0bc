package db

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/signoff/signoff/model"
)

// suggestionOutputs reads the entries of the suggestions a JSON array of
// [incident, id] pairs names (%s is the dialect's TextPairs of it), with
// each one's place in the array, in that order.
const suggestionOutputs = `SELECT ` + entryColumns + `, l.n FROM (%s) l
	JOIN incidents i ON i.id = l.a
	JOIN events e ON e.inc = i.seq AND e.id = l.b AND e.kind = 'suggestion'
	JOIN chain c ON c.seq = e.seq
	ORDER BY l.n`

// outputsPage is how many suggestions one statement of SuggestionOutputs
// asks for: the statement's argument, and the list the engine unpacks,
// stay small, whatever the number listed.
const outputsPage = 500

// SuggestionOutputs calls fn with the raw output of each suggestion refs
// names, in their order: one statement a page of outputsPage, not a read
// a suggestion, all in one read transaction, so every output comes from
// the same state of the record. Each entry is checked as Event checks it.
// A ref that names no suggestion is ENOTFOUND, after fn has had those
// before it. An output can be megabytes: fn gets them one at a time, and
// must not use the store.
func (d *DB) SuggestionOutputs(ctx context.Context, refs []model.EventRef, fn func(i int, raw string) error) error {
	if len(refs) == 0 {
		return nil
	}
	tx, err := d.readTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	r := d.reader(tx)
	// fn's own error is handed back as it is, not as the driver's.
	var theirs error
	for from := 0; from < len(refs); from += outputsPage {
		page := refs[from:min(len(refs), from+outputsPage)]
		pairs := make([][2]string, len(page))
		for i, ref := range page {
			pairs[i] = [2]string{ref.Incident, ref.ID}
		}
		list, err := json.Marshal(pairs)
		if err != nil {
			return d.fail(err)
		}
		next := 0 // the page's next ref: one skipped is not there
		err = eachRow(ctx, r, d.sq.suggestionOutputs, []any{string(list)}, func(rows *sql.Rows) error {
			var n int
			e, err := scanEntry(rows, &n)
			if err != nil {
				return err
			}
			if n != next {
				return noSuggestion(page[next])
			}
			next++
			r.check(&e)
			var ev model.Event
			if err := decodeEntry(&e, &ev); err != nil {
				return err
			}
			theirs = fn(from+n, ev.RawOutput)
			return theirs
		})
		if theirs != nil {
			return theirs
		}
		if err == nil && next < len(page) {
			err = noSuggestion(page[next])
		}
		if err != nil {
			return d.fail(err)
		}
	}
	return nil
}

func noSuggestion(ref model.EventRef) error {
	return model.Errorf(model.ENOTFOUND, "incident %s has no suggestion %s", ref.Incident, ref.ID)
}

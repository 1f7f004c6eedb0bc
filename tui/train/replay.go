package train

import (
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// kindAhead is the kind of a row whose record waits for a reveal
// (cmds.ahead): the row says neither what the record is nor its id.
const kindAhead model.EventKind = "ahead"

// glyph is the glyph and word of a row's kind, as every screen shows it;
// a row ahead has its own, the same for a decision as for an execution.
func glyph(k model.EventKind) safetext.Text {
	if k == kindAhead {
		return "○ AHEAD"
	}
	return common.KindGlyph(k)
}

// shownID is a row's id as the screen shows it: none for a row ahead.
func shownID(r model.TimelineRow) string {
	if r.Kind == kindAhead {
		return ""
	}
	return r.ID
}

// replay is everything the trainee may see: the timeline up to and
// including the current row, the current row's own record, and the
// evidence whose "collected" row has passed. It only grows by advance,
// one row of the store's timeline at a time, so it cannot hold anything
// timed after now; the views read nothing else from the incident.
type replay struct {
	rows     []model.TimelineRow
	event    *model.Event    // the current row's record, when an event
	current  *model.Evidence // the current row's record, when evidence
	evidence []model.Evidence
	byID     map[string]int
	seen     map[string]bool // ids of every row so far
	counts   map[model.EventKind]int
}

func newReplay() replay {
	return replay{byID: map[string]int{}, seen: map[string]bool{}, counts: map[model.EventKind]int{}}
}

// advance moves now to the next row with its record. The row's verdict is
// dropped: a review is written long after the row. An execution that names
// a decision recorded later is shown as what the record held at the time:
// an execution with no decision on record.
func (r *replay) advance(row model.TimelineRow, ev *model.Event, evd *model.Evidence) {
	row.Verdict, row.Reviewer = "", ""
	r.seen[row.ID] = true
	if ev != nil && ev.Kind == model.KindExecution && ev.Decision != "" && !r.seen[ev.Decision] {
		row.Summary = "carried out with no decision on record: " + string(ev.Result)
		if ev.Summary != "" {
			row.Summary += ": " + ev.Summary
		}
	}
	r.rows = append(r.rows, row)
	r.counts[row.Kind]++
	r.event, r.current = ev, evd
	if evd != nil {
		r.byID[evd.ID] = len(r.evidence)
		r.evidence = append(r.evidence, *evd)
	}
}

// recorded reports whether an event id is in the replay so far.
func (r *replay) recorded(id string) bool { return r.seen[id] }

// now is the current row, nil before the first.
func (r *replay) now() *model.TimelineRow {
	if len(r.rows) == 0 {
		return nil
	}
	return &r.rows[len(r.rows)-1]
}

// cursor is where the next row is read from.
func (r *replay) cursor() *model.Cursor {
	n := r.now()
	if n == nil {
		return nil
	}
	c := n.Cursor()
	return &c
}

// last returns up to n rows ending at now.
func (r *replay) last(n int) []model.TimelineRow {
	if n <= 0 {
		return nil
	}
	return r.rows[max(0, len(r.rows)-n):]
}

// collected returns the records among ids that have been collected so far,
// in the order given; the others are not part of the replay yet.
func (r *replay) collected(ids []string) []model.Evidence {
	var out []model.Evidence
	for _, id := range ids {
		if i, ok := r.byID[id]; ok {
			out = append(out, r.evidence[i])
		}
	}
	return out
}

// forAsset returns the records collected so far about an asset.
func (r *replay) forAsset(asset string) []model.Evidence {
	var out []model.Evidence
	for _, e := range r.evidence {
		if asset != "" && e.Asset == asset {
			out = append(out, e)
		}
	}
	return out
}

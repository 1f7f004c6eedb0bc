package review

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// twinStore is a store whose incident reads like another stored one, as
// the store's roster says of a pair stored before imports refused one.
type twinStore struct {
	model.Store
	twin string
}

func (s twinStore) Roster(ctx context.Context, incident string) (model.Roster, error) {
	r, err := s.Store.Roster(ctx, incident)
	r.IncidentReadsLike = s.twin
	return r, err
}

// The pane header names the incident; one whose id reads like another's
// is marked there as the picker and the queue mark it, with both ids
// spelt in escapes, at 80 columns and wide.
func TestTheHeaderMarksAnIncidentWhoseIDReadsLikeAnother(t *testing.T) {
	store := openFixtures(t)
	const mark = `INC-2041 ⚠ id INC-2041 reads like INC\u20102041`
	for _, w := range []int{80, 160} {
		a := newTestApp(t, twinStore{store, "INC\u20102041"}, "mara", "INC-2041", w, 24)
		checkFrame(t, a.View(), w, 24)
		if title := strings.Split(screenText(a), "\n")[0]; !strings.Contains(title, mark) {
			t.Errorf("at %d columns the header reads %q, want %q in it", w, title, mark)
		}
	}
	a := newTestApp(t, store, "mara", "INC-2041", 160, 24)
	if title := strings.Split(screenText(a), "\n")[0]; strings.Contains(title, "⚠") {
		t.Errorf("an incident that reads like no other is marked: %q", title)
	}
}

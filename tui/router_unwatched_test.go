package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/dbtest"
	"github.com/signoff/signoff/model"
)

// movedStore is a store whose file the test can move away: its data
// version then says so, as a SQLite store's does once its path names
// another file.
type movedStore struct {
	*db.DB
	moved bool
}

func (s *movedStore) DataVersion(ctx context.Context) (int64, error) {
	if s.moved {
		return 0, model.Errorf(model.EINVALID, "the database file /srv/signoff.db was moved, removed or replaced while this signoff had it open")
	}
	return 1, nil
}

// A screen that can no longer learn of writes (its file was replaced by a
// restore) says so, rather than go on looking current; the banner goes
// when the store answers again.
func TestAScreenThatCanNoLongerFollowTheRecordSaysSo(t *testing.T) {
	store := &movedStore{DB: dbtest.Open(t, clock, "inc-2046-mcp-token-open-queue.json")}
	a := newTestAppWith(t, Options{Start: StartQueue}, store, "tomas", 80, 24)
	store.moved = true
	drive(t, a, func() tea.Msg { return tickMsg(time.Now()) })
	text := screenText(a)
	if !strings.HasPrefix(text, "⚠ NOT FOLLOWING THE RECORD: the database file /srv/signoff.db was moved") {
		t.Fatalf("no banner once the store cannot say when it was written:\n%s", text)
	}
	checkFrame(t, a.View(), 80, 24)
	store.moved = false
	drive(t, a, func() tea.Msg { return tickMsg(time.Now()) })
	if text := screenText(a); strings.Contains(text, "NOT FOLLOWING") {
		t.Errorf("the banner stays once the store answers:\n%s", text)
	}
	checkFrame(t, a.View(), 80, 24)
}

// frozenStore is a store read as it stood (a file the user may only
// read): it sees no write made after it opened.
type frozenStore struct{ *db.DB }

func (frozenStore) Frozen() string {
	return "/srv/signoff.db is read as it stood, so later writes cannot be seen: it is read-only for this user"
}

// A screen on a store that cannot see later writes says so, rather than
// look live.
func TestAScreenOnAStoreReadAsItStoodSaysItIsNotLive(t *testing.T) {
	store := frozenStore{dbtest.Open(t, clock, "inc-2046-mcp-token-open-queue.json")}
	a := newTestAppWith(t, Options{Start: StartQueue}, store, "tomas", 80, 24)
	drive(t, a, func() tea.Msg { return tickMsg(time.Now()) })
	if text := screenText(a); !strings.HasPrefix(text, "⚠ NOT FOLLOWING THE RECORD: /srv/signoff.db is read as it stood") {
		t.Fatalf("no banner on a store read as it stood:\n%s", text)
	}
	checkFrame(t, a.View(), 80, 24)
}

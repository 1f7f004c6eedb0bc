package queue

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/tuitest"
)

// longQueue is a store with 40 open incidents of 5 pending items each:
// more than the head of a 24- or 48-row terminal reads.
func longQueue(t *testing.T) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "queue.db"), db.WithClock(func() time.Time { return clock }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := fillQueue(d, 40, 5); err != nil {
		t.Fatal(err)
	}
	return d
}

func queueModel(store model.Store, w, h int) Model {
	c := tuitest.Common(store, "alice", func() time.Time { return clock })
	c.Terminal = &bytes.Buffer{}
	m := New(c)
	m.SetSize(w, h)
	return m
}

// wholeRead is the queue loaded in one read, as it was before the head.
func wholeRead(t *testing.T, store model.Store, w, h int) *Model {
	t.Helper()
	m := queueModel(store, w, h)
	runCmd(t, &m, m.cmds.load(0))
	return &m
}

// runHoldingRest answers cmd and what follows from it, but a load of the
// whole queue, which it returns unanswered.
func runHoldingRest(t *testing.T, m *Model, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	var rest []tea.Msg
	tuitest.Run(t, func(msg tea.Msg) tea.Cmd {
		if _, ok := msg.(loadedMsg); ok {
			rest = append(rest, msg)
			return nil
		}
		var next tea.Cmd
		*m, next = m.Update(msg)
		return next
	}, cmd)
	return rest
}

// headOnly starts the queue and answers everything but the rest, which
// it returns unanswered.
func headOnly(t *testing.T, store model.Store, w, h int) (*Model, []tea.Msg) {
	t.Helper()
	m := queueModel(store, w, h)
	rest := runHoldingRest(t, &m, m.Init())
	if !m.partial || len(rest) != 1 {
		t.Fatalf("the queue did not start with its head: partial %v, %d loads held", m.partial, len(rest))
	}
	return &m, rest
}

func TestTheHeadShowsTheSameScreenAsTheWholeRead(t *testing.T) {
	d := longQueue(t)
	for _, size := range [][2]int{{160, 48}, {80, 24}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			whole := wholeRead(t, d, w, h)
			m, rest := headOnly(t, d, w, h)
			if len(m.all) >= 200 {
				t.Fatalf("the head read all %d items", len(m.all))
			}
			if got, want := screen(m), screen(whole); got != want {
				t.Fatalf("the head's first frame\n%s\nthe whole read's\n%s", got, want)
			}

			// Moves inside the head act at once, as on the whole queue; a
			// move past it, to the end, and a filter wait for the rest.
			keys := []tea.Msg{keyMsg("j"), keyMsg("j"), keyMsg("j"), keyMsg("k")}
			for range 8 {
				keys = append(keys, keyMsg("pgdown"))
			}
			keys = append(keys, keyMsg("G"), keyMsg("/"))
			for _, r := range "tier:high" {
				keys = append(keys, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(string(r))})
			}
			keys = append(keys, keyMsg("enter"), keyMsg("k"))
			acted, shown := 0, screen(m)
			for _, k := range keys {
				drive(t, m, k)
				drive(t, whole, k)
				if len(m.held) == 0 {
					acted++
					shown = screen(m)
					if want := screen(whole); shown != want {
						t.Fatalf("after %d keys, the head shows\n%s\nthe whole read\n%s", acted, shown, want)
					}
				} else if screen(m) != shown {
					t.Fatalf("a key held for the rest changed the screen:\n%s", screen(m))
				}
			}
			if acted < 5 || len(m.held) == 0 {
				t.Fatalf("%d keys acted on the head, %d held; want the moves inside it to act and the rest held", acted, len(m.held))
			}
			for _, msg := range rest {
				drive(t, m, msg)
			}
			if m.partial || len(m.held) != 0 {
				t.Fatalf("still partial (%v) or keys held (%d) after the rest", m.partial, len(m.held))
			}
			if got, want := screen(m), screen(whole); got != want {
				t.Errorf("after the rest and the held keys\n%s\nthe whole read\n%s", got, want)
			}
			if !strings.Contains(screen(m), "filter: tier:high") {
				t.Errorf("the held filter did not act:\n%s", screen(m))
			}
		})
	}
}

// writeAfterHead is a store where another connection writes right after
// the queue's head is read, before the rest.
type writeAfterHead struct {
	*db.DB
	write func()
}

func (s writeAfterHead) PendingQueueHead(ctx context.Context, pick func([]model.PendingItem) []string) (model.QueueHead, error) {
	h, err := s.DB.PendingQueueHead(ctx, pick)
	s.write()
	return h, err
}

func TestAWriteBetweenTheHeadAndTheRestShowsAsOnTheWholeRead(t *testing.T) {
	reject := func(t *testing.T, d *db.DB, key string) {
		inc, id, _ := strings.Cut(key, "/")
		_, err := d.Decide(context.Background(), model.DecideRequest{Incident: inc, Suggestion: id, Person: "alice",
			Outcome: model.OutcomeRejected, Rationale: "not now"}, review.DecisionChecker(review.DefaultPolicy()))
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name, key, notice string
	}{
		{"an item past the first screen", "INC-00039/S1", ""},
		{"an item on the first screen", "INC-00000/S1", "Decided elsewhere: INC-00000/S1 was rejected by alice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := longQueue(t)
			store := writeAfterHead{DB: d, write: func() { reject(t, d, tc.key) }}
			m := queueModel(store, 160, 48)
			runCmd(t, &m, m.Init())
			whole := wholeRead(t, d, 160, 48)
			if m.partial || strings.Contains(screen(whole), tc.key) {
				t.Fatalf("partial %v after the rest; %s should have left the queue", m.partial, tc.key)
			}
			got, want := screen(&m), screen(whole)
			if tc.notice == "" {
				if got != want {
					t.Errorf("after a write between the parts\n%s\nthe whole read after it\n%s", got, want)
				}
				return
			}
			if !strings.Contains(got, tc.notice) {
				t.Errorf("no notice of %s, which was on screen:\n%s", tc.key, got)
			}
			if cut(got) != cut(want) {
				t.Errorf("after a write between the parts\n%s\nthe whole read after it\n%s", got, want)
			}
		})
	}
}

// cut is a screen without its footer (the last two lines).
func cut(s string) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[:len(lines)-2], "\n")
}

// Keys pressed before the head arrives are not lost: the moves act on the
// head as it comes, the rest when the whole queue does.
func TestKeysPressedBeforeTheHeadActWhenItComes(t *testing.T) {
	d := longQueue(t)
	whole := wholeRead(t, d, 80, 24)
	m := queueModel(d, 80, 24)
	head := m.cmds.head(m.headRows())()
	keys := []tea.Msg{keyMsg("j"), keyMsg("j"), keyMsg("j"), keyMsg("G"), keyMsg("k")}
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = m.Update(k)
		if cmd != nil || m.Selected() != nil {
			t.Fatalf("a key acted before the queue was read")
		}
		drive(t, whole, k)
	}
	rest := runHoldingRest(t, &m, func() tea.Msg { return head })
	if m.selected != 3 || len(m.held) != 2 {
		t.Fatalf("after the head: item %d selected, %d keys held; want the three moves taken (item 3) and G, k held", m.selected, len(m.held))
	}
	for _, msg := range rest {
		drive(t, &m, msg)
	}
	if got, want := screen(&m), screen(whole); got != want {
		t.Errorf("after the rest\n%s\nthe whole read after the same keys\n%s", got, want)
	}
}

// A refresh that comes before the head (another connection wrote while
// the screen opened) is a whole read: the keys held act on it, and the
// head, older, is dropped when it comes.
func TestAWholeReadBeforeTheHeadTakesItsPlace(t *testing.T) {
	d := longQueue(t)
	whole := wholeRead(t, d, 80, 24)
	m := queueModel(d, 80, 24)
	head := m.cmds.head(m.headRows())()
	for _, k := range []tea.Msg{keyMsg("j"), keyMsg("G")} {
		m, _ = m.Update(k)
		drive(t, whole, k)
	}
	drive(t, &m, m.cmds.load(0)())
	if len(m.held) != 0 || m.partial {
		t.Fatalf("after a whole read: %d keys held, partial %v", len(m.held), m.partial)
	}
	drive(t, &m, head)
	if m.partial || len(m.all) != len(whole.all) {
		t.Fatalf("the head replaced the whole read: partial %v, %d items", m.partial, len(m.all))
	}
	if got, want := screen(&m), screen(whole); got != want {
		t.Errorf("after the whole read and the late head\n%s\nthe whole read after the same keys\n%s", got, want)
	}
}

// A held decision acts only on the item that was selected on screen when
// it was pressed: the person must never decide something they did not see.
func TestAHeldDecisionNeverActsOnAnotherItem(t *testing.T) {
	decideElsewhere := func(t *testing.T, d *db.DB, key string) {
		t.Helper()
		inc, id, _ := strings.Cut(key, "/")
		_, err := d.Decide(context.Background(), model.DecideRequest{Incident: inc, Suggestion: id, Person: "alice",
			Outcome: model.OutcomeRejected, Rationale: "decided in another window"}, review.DecisionChecker(review.DefaultPolicy()))
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name   string
		before []string // keys pressed before the head arrives
		after  []string // keys pressed with the head on screen
		gone   bool     // the selected item is decided elsewhere before the rest
		taken  bool     // the held keys act: the form opens on the item shown
	}{
		{"the selected item leaves between the head and the rest", nil, []string{"a"}, true, false},
		{"a move held for the rest comes first", nil, []string{"G", "a"}, false, false},
		{"the decision was pressed before anything was shown", []string{"j", "a"}, nil, false, false},
		{"a claim after a held move", nil, []string{"G", "c"}, false, false},
		{"the item shown is still selected", nil, []string{"a"}, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := longQueue(t)
			m := queueModel(d, 80, 24)
			head := m.cmds.head(m.headRows())()
			for _, k := range tc.before {
				m, _ = m.Update(keyMsg(k))
			}
			tuitest.Run(t, func(msg tea.Msg) tea.Cmd {
				if _, ok := msg.(loadedMsg); ok {
					return nil // the rest is read below, after the write
				}
				var next tea.Cmd
				m, next = m.Update(msg)
				return next
			}, func() tea.Msg { return head })
			shown := m.selectedKey()
			if len(tc.before) > 0 {
				shown = "" // nothing was on screen when they were pressed
			}
			for _, k := range tc.after {
				drive(t, &m, keyMsg(k))
			}
			typeText(t, &m, "ok")
			drive(t, &m, keyMsg("enter"))
			if tc.gone {
				decideElsewhere(t, d, shown)
			}
			drive(t, &m, m.cmds.load(0)())
			if m.form != nil && (shown == "" || m.form.Key() != shown) {
				t.Fatalf("a decision pressed with %q on screen opened a form on %s", shown, m.form.Key())
			}
			if tc.taken && m.form == nil {
				t.Fatalf("a decision pressed with %q on screen and still selected opened no form: %q", shown, m.status)
			}
			q, err := d.PendingQueue(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(q.Claims) != 0 {
				t.Fatalf("a claim pressed with %q on screen claimed %s", shown, q.Claims[0].Key())
			}
			lines, err := d.DecisionsSince(context.Background(), 0, 1000)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range lines {
				if !tc.gone || l.Incident+"/"+l.Suggestion != shown {
					t.Fatalf("a decision pressed with %q on screen was recorded on %s/%s", shown, l.Incident, l.Suggestion)
				}
			}
			if tc.taken {
				return
			}
			if !strings.Contains(m.status, "not taken") {
				t.Errorf("the footer does not say the held keys were not taken: %q", m.status)
			}
		})
	}
}

// restFails is a store whose whole read fails until ok is set.
type restFails struct {
	*db.DB
	ok *bool
}

func (s restFails) PendingQueue(ctx context.Context) (model.Queue, error) {
	if !*s.ok {
		return model.Queue{}, fmt.Errorf("the database is busy")
	}
	return s.DB.PendingQueue(ctx)
}

// When the rest fails to load, ctrl+r reads it again and the held keys act
// then: the screen never waits for a load nobody asked for.
func TestARefreshAfterTheRestFailedTakesTheHeldKeys(t *testing.T) {
	d := longQueue(t)
	ok := false
	m := queueModel(restFails{DB: d, ok: &ok}, 80, 24)
	runCmd(t, &m, m.Init())
	if !m.partial || !m.isError {
		t.Fatalf("partial %v, footer %q; want the head listed and the rest's error shown", m.partial, m.status)
	}
	if !strings.Contains(m.status, "ctrl+r") {
		t.Errorf("the footer does not say how to read the rest again: %q", m.status)
	}
	drive(t, &m, keyMsg("G"))
	ok = true
	drive(t, &m, keyMsg("ctrl+r"))
	if m.partial || len(m.held) != 0 || m.selected != len(m.items)-1 {
		t.Fatalf("after ctrl+r: partial %v, %d keys held, item %d of %d selected; want the rest read and G taken",
			m.partial, len(m.held), m.selected, len(m.items))
	}
}

// A held decision key that opens no form (the policy refuses it) drops the
// keys typed after it: a rationale typed ahead must not act as commands.
func TestKeysTypedAfterARefusedHeldDecisionAreDropped(t *testing.T) {
	d := longQueue(t)
	c := tuitest.Common(d, "mallory", func() time.Time { return clock }) // no person of any incident
	c.Terminal = &bytes.Buffer{}
	m := New(c)
	m.SetSize(80, 24)
	rest := runHoldingRest(t, &m, m.Init())
	drive(t, &m, keyMsg("j"))
	shown := m.selectedKey()
	drive(t, &m, keyMsg("a"))
	typeText(t, &m, "kkc")
	for _, msg := range rest {
		drive(t, &m, msg)
	}
	if m.selectedKey() != shown || m.form != nil {
		t.Fatalf("after a refused a and k k c: %s selected (was %s), form %v", m.selectedKey(), shown, m.form != nil)
	}
	if !strings.Contains(m.status, "The 3 keys typed from k on") || !strings.Contains(m.status, "a opened no form (You cannot approve this") {
		t.Errorf("the footer says %q", m.status)
	}
}

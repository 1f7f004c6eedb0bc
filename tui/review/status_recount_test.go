package review

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/tui/tuitest"
)

// A suggestion that arrives after the form counted the pending work makes
// the store refuse "defer them all" (it defers no more than was shown);
// the form then counts again, so what it offers is what is pending now.
func TestDeferringAllCountsAgainAfterASuggestionArrived(t *testing.T) {
	store := openFixtures(t)
	a := newTestApp(t, store, "alice", "INC-2046", 160, 48)
	press(t, a, "S", "right", "right", "enter")
	for _, r := range "miner gone" {
		press(t, a, string(r))
	}
	press(t, a, "enter")
	shown := deferCount(t, a)
	press(t, a, " ", "enter")

	doc, err := store.Document(context.Background(), "INC-2046")
	if err != nil {
		t.Fatal(err)
	}
	head, _ := json.Marshal(doc.Incident)
	// S9 comes at the store's clock: an import refuses times ahead of it.
	stream := `{"record": "incident", "format": "signoff.incident/v1", ` + string(head[1:]) + `
{"record": "event", "id": "S9", "at": "` + clock.Format(time.RFC3339) + `", "kind": "suggestion", "agent": "triage", "action": {"type": "wipe_host", "target": "mining-vm"}, "rank": 1}
`
	if _, err := store.ImportStream(context.Background(), "feed.ndjson", strings.NewReader(stream), "feed"); err != nil {
		t.Fatal(err)
	}
	press(t, a, "y", "enter")
	text := tuitest.Text(a.View())
	if !strings.Contains(text, "the queue changed since you looked") {
		t.Fatalf("the change was not refused:\n%s", text)
	}
	if got := deferCount(t, a); got != shown+1 {
		t.Errorf("after the refusal the form offers to defer %d; want the %d pending now:\n%s", got, shown+1, text)
	}
}

var deferLine = regexp.MustCompile(`defer the (\d+) suggestions? still pending`)

// deferCount is how many suggestions the form's box offers to defer.
func deferCount(t *testing.T, a *App) int {
	t.Helper()
	m := deferLine.FindStringSubmatch(tuitest.Text(a.View()))
	if m == nil {
		t.Fatalf("the form offers no deferral:\n%s", tuitest.Text(a.View()))
	}
	n := 0
	for _, c := range m[1] {
		n = n*10 + int(c-'0')
	}
	return n
}

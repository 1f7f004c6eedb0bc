package processes_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/postgres"
	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
)

// The sample every database starts from: a resolved bundled incident with
// a modified suggestion (S2), a decision no AI suggested (D7), and
// reviews of its own.
const (
	sampleFixture  = "inc-2041-ide-extension-token-theft.json"
	sampleIncident = "INC-2041"
)

// queueIncident holds the suggestions the children decide.
const queueIncident = "INC-Q"

// racedSuggestions is how many suggestions the racers all decide.
const racedSuggestions = 40

// writersPerTest and writesPerWriter are the load of the many-writers
// test: eight processes, each writing two hundred verdicts at once.
const (
	writersPerTest  = 8
	writesPerWriter = 200
)

// sharedDB is a database holding the sample and an open incident whose
// queue holds suggestions for every writer and the race, closed, for
// children to open.
func sharedDB(t *testing.T, fresh fresh) string {
	t.Helper()
	return childrenDB(t, fresh, true)
}

// sampleDB is sharedDB without the queue, which the tests that kill a
// process never decide from: eleven rounds importing its 1,640
// suggestions each were a good part of their time.
func sampleDB(t *testing.T, fresh fresh) string {
	t.Helper()
	return childrenDB(t, fresh, false)
}

func childrenDB(t *testing.T, fresh fresh, queue bool) string {
	t.Helper()
	address := fresh(t)
	d, err := db.Open(context.Background(), address)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	b, err := fixtures.ReadFile(sampleFixture)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.ImportDocument(context.Background(), sampleFixture, bytes.NewReader(b), "importer"); err != nil {
		t.Fatal(err)
	}
	if queue {
		if _, err := d.ImportStream(context.Background(), "queue.ndjson", strings.NewReader(queueFeed()), "importer"); err != nil {
			t.Fatal(err)
		}
	}
	return address
}

// sampleReviews is how many reviews the sample holds, each with a note of
// its own.
func sampleReviews(t *testing.T) int {
	t.Helper()
	doc, err := fixtures.Load(sampleFixture)
	if err != nil {
		t.Fatal(err)
	}
	return len(doc.Reviews)
}

// queueFeed is the stream of queueIncident: a low-tier suggestion
// P-<w>-<i> for each write of each writer, P-race-<i> for the race, and
// the people who decide them.
func queueFeed() string {
	var b strings.Builder
	b.WriteString(`{"record": "incident", "format": "signoff.incident/v1", "id": "INC-Q", "title": "Many writers", "severity": "sev3", "status": "open", "opened_at": "2026-02-20T08:00:00Z", "commander": "alice"}` + "\n")
	for _, p := range []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"} {
		fmt.Fprintf(&b, `{"record": "person", "id": %q, "name": %q, "authority": "high"}`+"\n", p, p)
	}
	b.WriteString(`{"record": "agent", "id": "triage", "name": "Triage model", "role": "triage", "model": "m", "version": "1"}` + "\n")
	b.WriteString(`{"record": "asset", "id": "host-1", "kind": "host"}` + "\n")
	suggest := func(id string) {
		fmt.Fprintf(&b, `{"record": "event", "id": %q, "at": "2026-02-20T09:00:00Z", "kind": "suggestion", "agent": "triage", "action": {"type": "enrich", "target": "host-1"}, "confidence": 0.5}`+"\n", id)
	}
	for w := 0; w < writersPerTest; w++ {
		for i := 0; i < writesPerWriter; i++ {
			suggest(fmt.Sprintf("P-%d-%d", w, i))
		}
	}
	for i := 0; i < racedSuggestions; i++ {
		suggest(fmt.Sprintf("P-race-%d", i))
	}
	return b.String()
}

// notesOf are the notes of the reviews the database at address holds, as
// its chain records them, read past the store.
func notesOf(t *testing.T, address string) map[string]int {
	t.Helper()
	driver := "sqlite"
	if postgres.IsAddress(address) {
		driver = "pgx"
	}
	conn, err := sql.Open(driver, address)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query("SELECT payload FROM chain WHERE kind = 'review'")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	notes := map[string]int{}
	for rows.Next() {
		var payload string
		var r model.Review
		if err := rows.Scan(&payload); err != nil || json.Unmarshal([]byte(payload), &r) != nil {
			t.Fatalf("%s: %v", payload, err)
		}
		notes[r.Note]++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return notes
}

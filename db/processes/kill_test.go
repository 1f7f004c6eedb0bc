package processes_test

import (
	"bytes"
	"context"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
)

// A process killed at any moment leaves a database that opens, verifies
// and holds every write it acknowledged, and nothing half-written.
func TestKillingAWriterMidBurstLosesNothingAcknowledged(t *testing.T) {
	eachEngine(t, func(t *testing.T, fresh fresh) {
		if testing.Short() {
			t.Skip("kills processes")
		}
		r := rand.New(rand.NewSource(time.Now().UnixNano()))
		for round := 0; round < 5; round++ {
			path := sampleDB(t, fresh)
			cmd, out := child(t, "writer", path, childName+"=burst", childN+"=100000")
			kill := 5 + r.Intn(60) // acknowledgements before the kill
			var acked []string
			for len(acked) < kill && out.Scan() {
				if note, ok := strings.CutPrefix(out.Text(), "ack "); ok {
					acked = append(acked, note)
				} else {
					t.Fatalf("the writer failed: %s", out.Text())
				}
			}
			cmd.Process.Kill()
			// A write may have committed after its last acknowledgement was read.
			for out.Scan() {
				if note, ok := strings.CutPrefix(out.Text(), "ack "); ok {
					acked = append(acked, note)
				}
			}
			cmd.Wait()
			d, err := db.Open(context.Background(), path)
			if err != nil {
				t.Fatalf("round %d: the database does not open after the kill: %v", round, err)
			}
			if res, err := d.Verify(context.Background()); err != nil || !res.Intact {
				t.Fatalf("round %d: after the kill: %s, %v", round, res, err)
			}
			notes := notesOf(t, path)
			for _, note := range acked {
				if notes[note] != 1 {
					t.Errorf("round %d: %q was acknowledged but is held %d times", round, note, notes[note])
				}
			}
			if extra := len(notes) - sampleReviews(t) - len(acked); extra > 1 { // one unacknowledged at most
				t.Errorf("round %d: %d writes more than acknowledged", round, extra)
			}
			d.Close()
		}
	})
}

func TestKillingAnImportMidStreamLeavesNothingPartial(t *testing.T) {
	eachEngine(t, func(t *testing.T, fresh fresh) {
		if testing.Short() {
			t.Skip("kills processes")
		}
		var buf bytes.Buffer
		if err := fixtures.Generate(&buf, fixtures.GenOptions{Incidents: 1, Events: 20000, Seed: 9}); err != nil {
			t.Fatal(err)
		}
		stream := filepath.Join(t.TempDir(), "feed.ndjson")
		if err := os.WriteFile(stream, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		id := fixtures.GenIncidentID(9, 0)
		r := rand.New(rand.NewSource(time.Now().UnixNano()))
		imported := 0
		// The first round runs whole and times the import, so the kills
		// of the others land inside it however fast this machine is.
		var whole time.Duration
		for round := 0; round < 6; round++ {
			path := sampleDB(t, fresh)
			cmd, out := child(t, "importer", path, childInput+"="+stream)
			if !out.Scan() || out.Text() != "start" {
				t.Fatalf("the importer did not start: %s", out.Text())
			}
			began := time.Now()
			if round > 0 {
				time.Sleep(time.Duration(r.Int63n(int64(whole) * 8 / 10)))
				cmd.Process.Kill()
			}
			acked := false
			for out.Scan() {
				acked = acked || out.Text() == "ack import"
			}
			err := cmd.Wait()
			if round == 0 {
				if err != nil || !acked {
					t.Fatalf("the whole import: acknowledged %v, %v", acked, err)
				}
				whole = time.Since(began)
			}
			d, err := db.Open(context.Background(), path)
			if err != nil {
				t.Fatalf("round %d: the database does not open after the kill: %v", round, err)
			}
			if res, err := d.Verify(context.Background()); err != nil || !res.Intact {
				t.Fatalf("round %d: after the kill: %s, %v", round, res, err)
			}
			sum, err := d.IncidentSummary(context.Background(), id)
			switch {
			case err == nil && sum.Events != 20000:
				t.Errorf("round %d: the killed import left %d of its 20000 events", round, sum.Events)
			case err == nil:
				if round > 0 {
					imported++
				}
			case acked:
				t.Errorf("round %d: the import was acknowledged but the incident is not there: %v", round, err)
			case model.ErrorCode(err) != model.ENOTFOUND:
				t.Errorf("round %d: %v", round, err)
			}
			d.Close()
		}
		t.Logf("%d of 5 imports finished before the kill (a whole one took %s)", imported, whole.Round(time.Millisecond))
	})
}

package db

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

func exportOf(t *testing.T, d *DB, id string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := d.Export(context.Background(), id, &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// roundTrip imports doc, exports it, imports the export into a fresh
// database and checks the second export is byte-identical.
func roundTrip(t *testing.T, name string, doc []byte) {
	t.Helper()
	first := openTest(t, samplesClock)
	res, err := first.ImportDocument(context.Background(), name, bytes.NewReader(doc), "importer")
	if err != nil {
		t.Fatal(err)
	}
	exported := exportOf(t, first, res.Incident)
	second := openTest(t, samplesClock)
	if _, err := second.ImportDocument(context.Background(), "export.json", bytes.NewReader(exported), "importer"); err != nil {
		t.Fatalf("the export does not import: %v", err)
	}
	if again := exportOf(t, second, res.Incident); !bytes.Equal(exported, again) {
		t.Errorf("export → import → export differs:\n%s\n---\n%s", exported, again)
	}
	full, err := first.Document(context.Background(), res.Incident)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.MarshalIndent(full, "", "  ")
	if !bytes.Equal(exported, append(want, '\n')) {
		t.Errorf("the streamed export differs from the Document it stands for")
	}
}

func TestExportRoundTripsTheSample(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		roundTrip(t, "sample.json", []byte(docJSON(t, sampleDoc())))
	})
}

// The export waits on the pass beside it entry by entry: however often
// the pass says how far it is, every record is written once, checked.
func TestExportWaitsOnThePassWhereverItIs(t *testing.T) {
	defer func(n int) { settledEvery = n }(settledEvery)
	for _, every := range []int{1, 2, 5, 64} {
		settledEvery = every
		t.Run(fmt.Sprintf("the pass settling every %d rows", every), func(t *testing.T) {
			eachEngine(t, func(t *testing.T) {
				roundTrip(t, "sample.json", []byte(docJSON(t, sampleDoc())))
			})
		})
	}
}

// With no pass beside it (a write landed between the two transactions),
// the export runs the pass first, on its own transaction, and writes the
// same document.
func TestExportReadInTurnRoundTripsTheSample(t *testing.T) {
	defer func() { readBeside = true }()
	readBeside = false
	eachEngine(t, func(t *testing.T) {
		roundTrip(t, "sample.json", []byte(docJSON(t, sampleDoc())))
	})
}

// The pass beside an export runs to its end while the export takes none
// of its word, as while the export writes the evidence, which it checks on
// its own. A pass that waited for the export stood still all that time
// and then ran alone. The minute is a guard against a pass that never
// ends, not a measure of speed.
func TestThePassBesideAnExportDoesNotWaitForIt(t *testing.T) {
	defer func(every int, ended func(int64)) { settledEvery, passEnded = every, ended }(settledEvery, passEnded)
	settledEvery = 1 // a word at each entry: far more than any channel of a fixed size holds
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		ended := make(chan int64, 1)
		passEnded = func(through int64) { ended <- through }
		defer func() { passEnded = nil }()
		ctx := context.Background()
		tx, inc, err := d.readIncident(ctx, "INC-1")
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		x, err := d.startExportCheck(ctx, tx, inc, "INC-1")
		if err != nil {
			t.Fatal(err)
		}
		defer x.stop()
		if x.finished {
			t.Fatal("the pass ran in turn, not beside the export")
		}
		select {
		case through := <-ended:
			if checked, f, err := x.wait(through); !checked || f != nil || err != nil {
				t.Errorf("the pass's last entry %d: checked %v, fault %v, %v", through, checked, f, err)
			}
		case <-time.After(time.Minute):
			t.Fatal("the pass stood still until the export took what it settled")
		}
	})
}

func TestDocumentMatchesTheImportedRecords(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		doc := sampleDoc()
		importDoc(t, d, doc)
		got, err := d.Document(context.Background(), "INC-1")
		if err != nil {
			t.Fatal(err)
		}
		doc.Normalize()
		a, _ := json.Marshal(doc)
		b, _ := json.Marshal(got)
		if !bytes.Equal(a, b) {
			t.Errorf("Document differs from what was imported:\n%s\n%s", a, b)
		}
		_, err = d.Document(context.Background(), "INC-404")
		wantError(t, err, model.ENOTFOUND, "INC-404")
	})
}

func TestExportOfAnUnknownIncidentIsNotFound(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d, err := Open(context.Background(), filepath.Join(t.TempDir(), "x.db"), fixedClock)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		err = d.Export(context.Background(), "INC-404", &bytes.Buffer{})
		wantError(t, err, model.ENOTFOUND, "no incident INC-404")
	})
}

// An incident whose events fill most of their span of the chain is read
// along it; one appended to in turns with another (its span mostly the
// other's) by the list of its own. Both export what their Document says.
func TestExportOfIncidentsAppendedToInTurns(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		ctx := context.Background()
		if _, err := importStream(t, d, "feed.ndjson", feed); err != nil {
			t.Fatal(err)
		}
		importDoc(t, d, sampleDoc())
		incidentLine, _, _ := strings.Cut(feed, "\n")
		more := incidentLine + "\n" + `{"record": "event", "id": "N9", "at": "2026-02-12T09:00:00Z", "kind": "note", "actor": "bob", "summary": "later <note> & more"}` + "\n"
		if _, err := importStream(t, d, "more.ndjson", more); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"INC-9", "INC-1"} {
			full, err := d.Document(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := json.MarshalIndent(full, "", "  ")
			if got := exportOf(t, d, id); !bytes.Equal(got, append(want, '\n')) {
				t.Errorf("the export of %s differs from its Document:\n%s\n---\n%s", id, got, want)
			}
			if id == "INC-9" && (len(full.Events) != 3 || len(full.Evidence) != 1) {
				t.Errorf("INC-9 has %d events and %d evidence records; want 3 and 1", len(full.Events), len(full.Evidence))
			}
		}
	})
}

// failAfter takes n bytes, then fails every write.
type failAfter struct{ n int }

var errDiskFull = errors.New("no space left on device")

func (f *failAfter) Write(p []byte) (int, error) {
	if f.n -= len(p); f.n < 0 {
		return 0, errDiskFull
	}
	return len(p), nil
}

// The document is written on a goroutine of its own; when writing fails,
// the export stops reading and says why.
func TestExportStopsWhenWritingFails(t *testing.T) {
	d := openTest(t)
	gen := importGenerated(t, d, 2000, 7)
	for _, after := range []int{0, 100, 70_000, 300_000} {
		err := d.Export(context.Background(), gen, &failAfter{n: after})
		if !errors.Is(err, errDiskFull) {
			t.Errorf("writing failed after %d bytes: the export returned %v", after, err)
		}
	}
}

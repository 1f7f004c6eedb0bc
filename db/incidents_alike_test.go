package db

import (
	"context"
	"testing"

	"github.com/signoff/signoff/model"
)

// storeAroundTheRule adds an incident as a signoff from before incident
// ids that read alike were refused did: through the writer, without the
// import's rule, so the record is otherwise whole.
func storeAroundTheRule(t *testing.T, d *DB, id string) {
	t.Helper()
	ctx := context.Background()
	tx, done, err := d.eng.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	defer tx.Rollback()
	w, err := d.newWriter(ctx, tx, "importer", d.now())
	if err != nil {
		t.Fatal(err)
	}
	i := sampleDoc().Incident
	i.ID, i.Commander = id, ""
	if err := w.incident(ctx, &i); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// A pair stored before the rule stays, and the listing says of each which
// id it reads like, so the picker, the incidents command and the queue
// can mark it.
func TestTheListingNamesTheIncidentEachLookAlikeReadsLike(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		storeAroundTheRule(t, d, "INC\u20101")
		storeAroundTheRule(t, d, "INC-2")
		list, err := d.Incidents(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"INC-1": "INC\u20101", "INC\u20101": "INC-1", "INC-2": ""}
		if len(list) != len(want) {
			t.Fatalf("%d incidents listed, want %d", len(list), len(want))
		}
		for _, s := range list {
			if s.ReadsLike != want[s.ID] {
				t.Errorf("%+q reads like %+q, want %+q", s.ID, s.ReadsLike, want[s.ID])
			}
		}
	})
}

// The queue heads each incident's items with its id; one stored beside a
// look-alike is named with its twin, so the header can mark it.
func TestTheQueueNamesTheIncidentAListedOneReadsLike(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		open := sampleDoc()
		open.Incident.Status, open.Incident.ClosedAt = model.StatusOpen, nil
		importDoc(t, d, open)
		// A queue read before the twin arrived must not keep its answer.
		if q, err := d.PendingQueue(context.Background()); err != nil || len(q.Alike) != 0 {
			t.Fatalf("before the twin the queue says %+v, %v", q.Alike, err)
		}
		storeAroundTheRule(t, d, "INC\u20101")
		q, err := d.PendingQueue(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(q.Items) == 0 || q.Items[0].Incident != "INC-1" {
			t.Fatalf("the queue lists %+v; want INC-1's pending items", q.Items)
		}
		if got := q.Alike["INC-1"]; got != "INC\u20101" {
			t.Errorf("the queue says INC-1 reads like %+q, want %+q", got, "INC\u20101")
		}
	})
}

package db

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// checkStepFindings holds the findings of every step the store returns
// equal to review.Findings over the whole document, so the evidence a
// step leaves out never changes what the rules find.
func checkStepFindings(t *testing.T, d *DB, incident string) {
	t.Helper()
	ctx := context.Background()
	doc, err := d.Document(ctx, incident)
	if err != nil {
		t.Fatal(err)
	}
	roster, err := d.Roster(ctx, incident)
	if err != nil {
		t.Fatal(err)
	}
	p := review.DefaultPolicy()
	got := []review.Finding{}
	for _, want := range review.Steps(doc) {
		step, err := d.Step(ctx, incident, want.Subject)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, review.StepFindings(step, roster, p)...)
	}
	if want := review.Findings(doc, p); !reflect.DeepEqual(got, want) {
		t.Errorf("the store's steps give %d findings, the document %d:\n%v\n---\n%v", len(got), len(want), got, want)
	}
}

func TestStepFindingsFromTheStoreMatchFindingsOfTheDocument(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		for _, name := range inRaceRun(fixtures.Incidents(), 2) {
			t.Run(name, func(t *testing.T) {
				b, err := fixtures.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				// One import for both limits: wholeAsset only changes how
				// a step is read.
				d := openTest(t)
				var res model.ImportResult
				asOfSamples(d, func() { res, err = d.ImportDocument(context.Background(), name, bytes.NewReader(b), "importer") })
				if err != nil {
					t.Fatal(err)
				}
				for _, whole := range []int{wholeAsset, 0} {
					t.Run(fmt.Sprintf("with whole assets up to %d records", whole), func(t *testing.T) {
						defer func(w int) { wholeAsset = w }(wholeAsset)
						wholeAsset = whole
						checkStepFindings(t, d, res.Incident)
					})
				}
			})
		}
		t.Run("a generated incident whose assets have hundreds of records each", func(t *testing.T) {
			d := openTest(t)
			id := importGenerated(t, d, 6000, 3)
			checkStepFindings(t, d, id)
			steps := review.Steps(mustDocument(t, d, id))
			omitted := 0
			for _, s := range steps[:50] {
				step, err := d.Step(context.Background(), id, s.Subject)
				if err != nil {
					t.Fatal(err)
				}
				omitted += step.EvidenceOmitted
			}
			if omitted == 0 {
				t.Errorf("no step of the generated incident left evidence out; the test no longer covers busy assets")
			}
		})
	})
}

func mustDocument(t *testing.T, d *DB, id string) model.Document {
	t.Helper()
	doc, err := d.Document(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// A step on a busy asset carries the records the pane shows (the cited
// ones and the three nearest each side of its execution) and what
// evidence-after-action needs, and counts the rest.
func TestStepOnABusyAssetKeepsTheNearestEvidence(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		doc := sampleDoc()
		for i := range 40 { // 08:40 to 09:19, one a minute; X1 ran at 09:13
			doc.Evidence = append(doc.Evidence, model.Evidence{ID: fmt.Sprintf("EV-B%02d", i), Kind: "log", Asset: "deploy-bot",
				CollectedAt: ts("2026-02-10T09:00:00Z").Add(time.Duration(i-20) * time.Minute), CollectedBy: "alice"})
		}
		importDoc(t, d, doc)
		step, err := d.Step(context.Background(), "INC-1", "S1")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range step.Evidence {
			got = append(got, e.ID)
		}
		want := []string{"EV-1", "EV-B31", "EV-B32", "EV-B33", "EV-B34", "EV-B35", "EV-B36"}
		if !reflect.DeepEqual(got, want) || step.EvidenceOmitted != 34 {
			t.Errorf("the step carries %v and omits %d; want %v and 34 omitted", got, step.EvidenceOmitted, want)
		}
	})
}

func TestStepOnAQuietAssetCarriesEveryRecord(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		doc := sampleDoc()
		doc.Evidence = append(doc.Evidence, model.Evidence{ID: "EV-2", Kind: "log", Asset: "deploy-bot",
			CollectedAt: ts("2026-02-10T12:00:00Z"), CollectedBy: "alice"})
		importDoc(t, d, doc)
		step, err := d.Step(context.Background(), "INC-1", "S2")
		if err != nil {
			t.Fatal(err)
		}
		if len(step.Evidence) != 2 || step.EvidenceOmitted != 0 {
			t.Errorf("the step carries %d records and omits %d; want both records of deploy-bot", len(step.Evidence), step.EvidenceOmitted)
		}
	})
}

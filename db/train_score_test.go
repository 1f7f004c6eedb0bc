package db

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// Scoring walks the incident instead of loading it: every bundled
// incident's runs, and a generated one's, score as they did from the whole
// document, field by field.
func TestScoreRunsStreamsTheScoresTheDocumentGave(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		ctx := context.Background()
		var incidents []string
		for _, name := range fixtures.Incidents() {
			doc, err := fixtures.Load(name)
			if err != nil {
				t.Fatal(err)
			}
			asOfSamples(d, func() { importDoc(t, d, doc) })
			incidents = append(incidents, doc.Incident.ID)
		}
		incidents = append(incidents, importGenerated(t, d, 400, 7))
		var seen scoreWays
		for _, inc := range incidents {
			doc, err := d.Document(ctx, inc)
			if err != nil {
				t.Fatal(err)
			}
			runs := trainingRuns(doc)
			got, err := review.ScoreRuns(ctx, d, inc, runs, review.DefaultPolicy())
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(runs) {
				t.Fatalf("%s: %d scorecards for %d runs", inc, len(got), len(runs))
			}
			for i, run := range runs {
				want := scoreDocument(doc, run, review.DefaultPolicy())
				sameFields(t, fmt.Sprintf("%s run %d", inc, i), reflect.ValueOf(want), reflect.ValueOf(got[i]))
				seen.add(got[i])
			}
		}
		if !seen.all() {
			t.Errorf("the runs do not cover every way a choice scores: %+v", seen)
		}
	})
}

// trainingRuns answers an incident's decision points in every way a
// trainee can: the suggestion taken, the real decision matched, rejected,
// deferred, containment on each asset in turn (some before any evidence on
// it), modified, and left unanswered; with a low authority, none judged
// and none at all.
func trainingRuns(doc model.Document) []model.TrainingRun {
	var points []model.Step
	for _, s := range review.Steps(doc) {
		if review.IsDecisionPoint(s) {
			points = append(points, s)
		}
	}
	auths := []model.Authority{model.AuthorityLow, "", model.AuthorityNone}
	var runs []model.TrainingRun
	for r, auth := range auths {
		run := model.TrainingRun{ID: int64(r + 1), Trainee: "tomas", Incident: doc.Incident.ID, Authority: auth}
		for i, s := range points {
			c := model.TrainingChoice{Subject: s.Subject, Rationale: "mine", Took: time.Duration(i+1) * time.Second}
			switch (i + 2*r) % 7 {
			case 0:
				c.Outcome, c.Action = model.OutcomeApproved, s.Suggestion.Action
			case 1:
				c.Outcome, c.Action = s.FinalDecision().Outcome, s.FinalDecision().Action
			case 2:
				c.Outcome = model.OutcomeRejected
			case 3:
				c.Outcome = model.OutcomeDeferred
			case 4:
				c.Outcome = model.OutcomeApproved
				if len(doc.Assets) > 0 {
					c.Action = &model.Action{Type: "isolate_host", Target: doc.Assets[(i/7)%len(doc.Assets)].ID}
				}
			case 5:
				c.Outcome, c.Action = model.OutcomeModified, &model.Action{Type: "block_ip", Target: "somewhere-else"}
			case 6:
				continue
			}
			run.Choices = append(run.Choices, c)
		}
		runs = append(runs, run)
	}
	return runs
}

// scoreDocument is how a run was scored from the whole document before
// scoring walked the incident: the reference.
func scoreDocument(doc model.Document, run model.TrainingRun, p *review.Policy) review.Scorecard {
	sc := review.Scorecard{Run: run, AuthorityJudged: run.Authority != ""}
	chosen := map[string]*model.TrainingChoice{}
	for i := range run.Choices {
		chosen[run.Choices[i].Subject] = &run.Choices[i]
	}
	assets := map[string]*model.Asset{}
	for i := range doc.Assets {
		assets[doc.Assets[i].ID] = &doc.Assets[i]
	}
	for _, s := range review.Steps(doc) {
		if !review.IsDecisionPoint(s) {
			continue
		}
		c := chosen[s.Subject]
		var target *model.Asset
		if s.Suggestion.Action != nil {
			target = assets[s.Suggestion.Action.Target]
		}
		if c != nil && c.Action != nil {
			target = assets[c.Action.Target]
		}
		ts := review.ScoreChoice(s, c, doc.Evidence, run.Authority, target, p)
		sc.Steps = append(sc.Steps, ts)
		sc.Points++
		if c == nil {
			continue
		}
		sc.Answered++
		sc.TotalTime += c.Took
		sc.Agree += btoi(ts.Agrees)
		sc.Exact += btoi(ts.Exact)
		if ts.HindsightJudged {
			sc.HindsightJudged++
			sc.Hindsight += ts.Hindsight
		}
		if ts.NoEvidence {
			sc.NoEvidence = append(sc.NoEvidence, ts.Subject)
		}
		if ts.NoAuthority {
			sc.NoAuthority = append(sc.NoAuthority, ts.Subject)
		}
	}
	return sc
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sameFields compares two values field by field (slices element by
// element, pointers by what they point to), naming the first that differs.
func sameFields(t *testing.T, path string, want, got reflect.Value) {
	t.Helper()
	switch want.Kind() {
	case reflect.Struct:
		if want.Type() == reflect.TypeOf(time.Time{}) {
			if !want.Interface().(time.Time).Equal(got.Interface().(time.Time)) {
				t.Errorf("%s: got %v, want %v", path, got, want)
			}
			return
		}
		for i := 0; i < want.NumField(); i++ {
			if want.Type().Field(i).IsExported() {
				sameFields(t, path+"."+want.Type().Field(i).Name, want.Field(i), got.Field(i))
			}
		}
	case reflect.Slice:
		if want.Len() != got.Len() {
			t.Errorf("%s: got %d, want %d", path, got.Len(), want.Len())
			return
		}
		for i := 0; i < want.Len(); i++ {
			sameFields(t, fmt.Sprintf("%s[%d]", path, i), want.Index(i), got.Index(i))
		}
	case reflect.Pointer:
		if want.IsNil() != got.IsNil() {
			t.Errorf("%s: got %v, want %v", path, got, want)
		} else if !want.IsNil() {
			sameFields(t, path, want.Elem(), got.Elem())
		}
	default:
		if !reflect.DeepEqual(want.Interface(), got.Interface()) {
			t.Errorf("%s: got %v, want %v", path, got, want)
		}
	}
}

// scoreWays counts the ways the runs' choices scored, so the comparison
// is known to have met each.
type scoreWays struct {
	Agree, Disagree, Exact, Hindsight, NoEvidence, Evidenced, NoAuthority, Unanswered int
}

func (c *scoreWays) add(sc review.Scorecard) {
	for _, s := range sc.Steps {
		switch {
		case s.Choice == nil:
			c.Unanswered++
			continue
		case s.Agrees:
			c.Agree++
		default:
			c.Disagree++
		}
		c.Exact += btoi(s.Exact)
		c.Hindsight += btoi(s.HindsightJudged)
		c.NoEvidence += btoi(s.NoEvidence)
		c.NoAuthority += btoi(s.NoAuthority)
		if s.Choice.Action != nil && s.Choice.Action.Type == "isolate_host" && !s.NoEvidence {
			c.Evidenced++
		}
	}
}

func (c scoreWays) all() bool {
	return c.Agree > 0 && c.Disagree > 0 && c.Exact > 0 && c.Hindsight > 0 && c.NoEvidence > 0 &&
		c.Evidenced > 0 && c.NoAuthority > 0 && c.Unanswered > 0
}

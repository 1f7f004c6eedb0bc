package db

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/signoff/signoff/model"
)

func ids[T any](xs []T, id func(T) string) []string {
	out := []string{}
	for _, x := range xs {
		out = append(out, id(x))
	}
	return out
}

func TestStepGathersEverythingAboutASubject(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		ctx := context.Background()
		cases := []struct {
			from, subject string
			decisions     []string
			executions    []string
			evidence      []string
			reviews       int
			target        string
		}{
			{"S1", "S1", []string{"D1"}, []string{"X1"}, []string{"EV-1"}, 1, "deploy-bot"},
			{"X1", "S1", []string{"D1"}, []string{"X1"}, []string{"EV-1"}, 1, "deploy-bot"},
			{"D1", "S1", []string{"D1"}, []string{"X1"}, []string{"EV-1"}, 1, "deploy-bot"},
			{"S2", "S2", []string{}, []string{}, []string{"EV-1"}, 0, "deploy-bot"},
			{"D2", "D2", []string{"D2"}, []string{}, []string{}, 0, ""},
		}
		for _, c := range cases {
			t.Run("the step of "+c.from+" is "+c.subject, func(t *testing.T) {
				s, err := d.Step(ctx, "INC-1", c.from)
				if err != nil {
					t.Fatal(err)
				}
				evID := func(e model.Event) string { return e.ID }
				if s.Subject != c.subject || s.Incident != "INC-1" ||
					!slices.Equal(ids(s.Decisions, evID), c.decisions) ||
					!slices.Equal(ids(s.Executions, evID), c.executions) ||
					!slices.Equal(ids(s.Evidence, func(e model.Evidence) string { return e.ID }), c.evidence) ||
					len(s.Reviews) != c.reviews {
					t.Errorf("got %+v", s)
				}
				target := ""
				if s.TargetAsset != nil {
					target = s.TargetAsset.ID
				}
				if target != c.target {
					t.Errorf("target %q; want %q", target, c.target)
				}
			})
		}
		_, err := d.Step(ctx, "INC-1", "N1")
		wantError(t, err, model.ENOTFOUND, "N1 of incident INC-1 is a note")
		_, err = d.Step(ctx, "INC-1", "Z9")
		wantError(t, err, model.ENOTFOUND, "has no event Z9")
		_, err = d.Step(ctx, "INC-404", "S1")
		wantError(t, err, model.ENOTFOUND, "there is no incident INC-404")
	})
}

func TestRecordReviewRefusesWhatIsNotAllowed(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ok := model.Review{Subject: "S2", Reviewer: "mara", Verdict: model.VerdictIgnored, OutcomeChanged: "no", AICorrect: "no"}
		with := func(f func(*model.Review)) model.Review { r := ok; f(&r); return r }
		cases := []struct {
			name     string
			incident string
			review   model.Review
			code     string
			want     string
		}{
			{"an agent cannot review", "INC-1", with(func(r *model.Review) { r.Reviewer = "remediator" }),
				model.EFORBIDDEN, "remediator is not a person of incident INC-1"},
			{"a stranger cannot review", "INC-1", with(func(r *model.Review) { r.Reviewer = "eve" }),
				model.EFORBIDDEN, "eve is not a person of incident INC-1"},
			{"a note is not a subject", "INC-1", with(func(r *model.Review) { r.Subject = "N1" }),
				model.EINVALID, "N1 is a note"},
			{"a decision on a suggestion is not a subject", "INC-1", with(func(r *model.Review) { r.Subject = "D1" }),
				model.EINVALID, "D1 answers suggestion S1"},
			{"an unknown event cannot be reviewed", "INC-1", with(func(r *model.Review) { r.Subject = "Q1" }),
				model.EINVALID, "has no event Q1"},
			{"a bad verdict is refused", "INC-1", with(func(r *model.Review) { r.Verdict = "meh" }),
				model.EINVALID, `field "verdict" is "meh"`},
			{"none on an AI suggestion contradicts the record", "INC-1", with(func(r *model.Review) { r.Verdict = model.VerdictNone }),
				model.EINVALID, "S2 is an AI suggestion, so its verdict cannot be none (no AI)"},
			{"an unknown incident is not found", "INC-404", ok, model.ENOTFOUND, "no incident INC-404"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				d := openTest(t)
				importDoc(t, d, sampleDoc())
				before := stateOf(t, d)
				_, err := d.RecordReview(context.Background(), c.incident, c.review)
				wantError(t, err, c.code, c.want)
				if stateOf(t, d) != before {
					t.Error("the refused verdict changed the database")
				}
			})
		}
	})
}

func TestAVerdictSupersedesTheLastOneAndBothStay(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		ctx := context.Background()
		if _, err := d.RecordReview(ctx, "INC-1", model.Review{Subject: "S1", Reviewer: "alice", Verdict: model.VerdictFollowed,
			OutcomeChanged: "yes", AICorrect: "yes"}); err != nil {
			t.Fatal(err)
		}
		s, err := d.Step(ctx, "INC-1", "S1")
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Reviews) != 2 || s.LatestReview().Reviewer != "alice" {
			t.Errorf("reviews %+v; want mara's then alice's", s.Reviews)
		}
		rows, _ := d.TimelineAfter(ctx, "INC-1", nil, 100)
		for _, r := range rows {
			if r.ID == "X1" && (r.Verdict != model.VerdictFollowed || r.Reviewer != "alice") {
				t.Errorf("X1 shows %s by %s; want the latest verdict, followed by alice", r.Verdict, r.Reviewer)
			}
		}
	})
}

func TestLookupsNameWhatIsMissing(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		if _, err := importStream(t, d, "feed.ndjson", feed); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		t.Run("a bare id unique in the database resolves", func(t *testing.T) {
			ref, err := d.ResolveEvent(ctx, model.EventRef{ID: "S7"})
			if err != nil || ref.Incident != "INC-9" {
				t.Errorf("got %v, %v", ref, err)
			}
		})
		t.Run("an unknown bare id is not found", func(t *testing.T) {
			_, err := d.ResolveEvent(ctx, model.EventRef{ID: "S404"})
			wantError(t, err, model.ENOTFOUND, "S404")
		})
		t.Run("a qualified id in the wrong incident is not found", func(t *testing.T) {
			_, err := d.ResolveEvent(ctx, model.EventRef{Incident: "INC-9", ID: "S1"})
			wantError(t, err, model.ENOTFOUND, "incident INC-9 has no event S1")
		})
		t.Run("evidence is not an event", func(t *testing.T) {
			_, err := d.Event(ctx, "INC-1", "EV-1")
			wantError(t, err, model.ENOTFOUND, "has no event EV-1")
			ev, err := d.Evidence(ctx, "INC-1", "EV-1")
			if err != nil || ev.URI != "s3://ir/ev1.log" {
				t.Errorf("Evidence = %+v, %v", ev, err)
			}
		})
		t.Run("incidents are listed newest first with their counts", func(t *testing.T) {
			list, err := d.Incidents(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 2 || list[0].ID != "INC-9" || list[1].ID != "INC-1" || list[0].Pending != 0 || list[0].Reviewed != 1 {
				t.Errorf("got %+v", list)
			}
		})
		t.Run("the roster lists people, agents and assets", func(t *testing.T) {
			r, err := d.Roster(ctx, "INC-1")
			if err != nil || len(r.People) != 2 || len(r.Agents) != 1 || len(r.Assets) != 1 {
				t.Errorf("got %+v, %v", r, err)
			}
		})
	})
}

func TestDataVersionMovesWhenAnotherConnectionWrites(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "x.db")
		ctx := context.Background()
		watcher, err := Open(ctx, path, fixedClock)
		if err != nil {
			t.Fatal(err)
		}
		defer watcher.Close()
		before, err := watcher.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if same, _ := watcher.DataVersion(ctx); same != before {
			t.Fatalf("data_version moved without a write: %d -> %d", before, same)
		}
		writer, err := Open(ctx, path, fixedClock)
		if err != nil {
			t.Fatal(err)
		}
		defer writer.Close()
		importDoc(t, writer, sampleDoc())
		after, err := watcher.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if after == before {
			t.Error("data_version did not move after another connection wrote")
		}
	})
}

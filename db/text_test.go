package db

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// Every write path refuses text that is not UTF-8 before anything is
// written, so a row and its chain entry can never disagree (model.badText
// says why they would).
func TestEveryWritePathRefusesBytesThatAreNotUTF8(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		bad := "bad \xff byte"
		detail := bad
		cases := []struct {
			name  string
			write func(d *DB) error
			want  string
		}{
			{"an approval's rationale", func(d *DB) error {
				_, err := d.Decide(ctx, model.DecideRequest{Incident: "INC-2046", Suggestion: "S5", Person: "tomas",
					Outcome: model.OutcomeApproved, Rationale: bad}, rules)
				return err
			}, `field "rationale" is not valid UTF-8 (byte 0xFF)`},
			{"an approval's changed action detail", func(d *DB) error {
				_, err := d.Decide(ctx, model.DecideRequest{Incident: "INC-2046", Suggestion: "S5", Person: "tomas",
					Outcome: model.OutcomeApproved, Rationale: "ok", ActionDetail: &detail}, rules)
				return err
			}, `field "action_detail" is not valid UTF-8`},
			{"a rejection's evidence", func(d *DB) error {
				_, err := d.Decide(ctx, model.DecideRequest{Incident: "INC-2046", Suggestion: "S5", Person: "tomas",
					Outcome: model.OutcomeRejected, Rationale: "no", Evidence: []string{bad}}, rules)
				return err
			}, `field "evidence" is not valid UTF-8`},
			{"a deferral by a person whose name is not UTF-8", func(d *DB) error {
				_, err := d.Decide(ctx, model.DecideRequest{Incident: "INC-2046", Suggestion: "S5", Person: "tomas\xff",
					Outcome: model.OutcomeDeferred, Rationale: "later"}, rules)
				return err
			}, `the person deciding is not valid UTF-8`},
			{"a verdict's note", func(d *DB) error {
				_, err := d.RecordReview(ctx, "INC-2046", model.Review{Subject: "S5", Reviewer: "mara", Verdict: model.VerdictNone,
					OutcomeChanged: "unknown", AICorrect: "unknown", Note: bad})
				return err
			}, `review of S5: field "note" is not valid UTF-8`},
			{"a document imported under a name that is not UTF-8", func(d *DB) error {
				doc := sampleDoc()
				_, err := d.ImportDocument(ctx, "x.json", strings.NewReader(docJSON(t, doc)), "import\xffer")
				return err
			}, `the acting person's name ("import\xffer") is not valid UTF-8`},
			{"a stream with a byte that is not UTF-8", func(d *DB) error {
				_, err := d.ImportStream(ctx, "feed.ndjson", strings.NewReader("{\"record\": \"incident\", \"title\": \"\xff\"}\n"), "importer")
				return err
			}, `feed.ndjson line 1 column 34: byte 0xFF is not valid UTF-8`},
			{"a training choice's rationale", func(d *DB) error {
				run, err := d.StartTrainingRun(ctx, model.TrainingRun{Trainee: "mara", Incident: "INC-2041", StartedAt: clock})
				if err != nil {
					return err
				}
				return d.RecordTrainingChoice(ctx, run.ID, model.TrainingChoice{Subject: "S1", Outcome: model.OutcomeRejected,
					Rationale: bad, At: clock})
			}, `training choice on S1: field "rationale" is not valid UTF-8`},
			{"a training run's trainee", func(d *DB) error {
				_, err := d.StartTrainingRun(ctx, model.TrainingRun{Trainee: "mara\xff", Incident: "INC-2041", StartedAt: clock})
				return err
			}, `training run: field "trainee" is not valid UTF-8`},
			{"a status change's rationale", func(d *DB) error {
				_, err := d.ChangeStatus(ctx, model.StatusRequest{Incident: "INC-2046", Status: model.StatusContained, Person: "alice",
					Rationale: bad}, statusRules)
				return err
			}, `the status change of INC-2046: field "rationale" is not valid UTF-8 (byte 0xFF)`},
			{"a closing that defers pending work under a rationale that is not UTF-8", func(d *DB) error {
				_, err := d.ChangeStatus(ctx, model.StatusRequest{Incident: "INC-2046", Status: model.StatusClosed, Person: "alice",
					Rationale: bad, DeferPending: true}, statusRules)
				return err
			}, `field "rationale" is not valid UTF-8`},
			{"a status change by a person whose name is not UTF-8", func(d *DB) error {
				_, err := d.ChangeStatus(ctx, model.StatusRequest{Incident: "INC-2046", Status: model.StatusContained, Person: "alice\xff",
					Rationale: "contained"}, statusRules)
				return err
			}, `field "person" is not valid UTF-8`},
			{"a hand-off note's text", func(d *DB) error {
				_, err := d.AddHandoffNote(ctx, model.HandoffNote{Incident: "INC-2046", By: "tomas", Text: bad})
				return err
			}, `the hand-off note for INC-2046: field "text" is not valid UTF-8 (byte 0xFF)`},
			{"a hand-off note by a person whose name is not UTF-8", func(d *DB) error {
				_, err := d.AddHandoffNote(ctx, model.HandoffNote{Incident: "INC-2046", By: "tomas\xff", Text: "watch S5"})
				return err
			}, `field "by" is not valid UTF-8`},
			{"a claim by a person whose name is not UTF-8", func(d *DB) error {
				_, err := d.Claim(ctx, "INC-2046", "S5", "tomas\xff", time.Minute)
				return err
			}, `the claiming person's name ("tomas\xff") is not valid UTF-8`},
			{"a release by a person whose name is not UTF-8", func(d *DB) error {
				return d.Release(ctx, "INC-2046", "S5", "tomas\xff")
			}, `the claiming person's name ("tomas\xff") is not valid UTF-8`},
			{"a decision's signature", func(d *DB) error {
				_, err := d.Decide(ctx, model.DecideRequest{Incident: "INC-2046", Suggestion: "S5", Person: "tomas",
					Outcome: model.OutcomeDeferred, Rationale: "later", Signature: &model.Signature{Key: "SHA256:k", Statement: bad, SSHSig: "x"}}, rules)
				return err
			}, `field "signature.statement" is not valid UTF-8`},
			{"a training run's session key", func(d *DB) error {
				_, err := d.StartTrainingRun(ctx, model.TrainingRun{Trainee: "mara", Incident: "INC-2041", StartedAt: clock, SessionKey: "SHA256:\xff"})
				return err
			}, `training run: field "session_key" is not valid UTF-8`},
		}
		for _, c := range cases {
			t.Run(c.name+" is refused", func(t *testing.T) {
				d := openQueue(t)
				before := stateOf(t, d)
				wantError(t, c.write(d), model.EINVALID, c.want)
				if after := stateOf(t, d); after != before {
					t.Errorf("a refused write changed the record: %+v, then %+v", before, after)
				}
				if res, err := d.Verify(ctx); err != nil || !res.Intact {
					t.Errorf("verify after the refusal: %s, %v", res, err)
				}
			})
		}
	})
}

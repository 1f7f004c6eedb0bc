package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/train"
)

// leftRun starts a run of ana on INC-2044 with options and leaves it
// unfinished, as q does.
func leftRun(t *testing.T, path string, o model.TrainingRun) model.TrainingRun {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	at := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	o.Trainee, o.Incident, o.StartedAt = "ana", "INC-2044", at
	r, err := d.StartTrainingRun(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.EndTrainingRun(ctx, r.ID, at.Add(time.Minute), false); err != nil {
		t.Fatal(err)
	}
	return r
}

// A resume goes on with the options its run started with; a flag given
// that says otherwise is refused, naming the flag and the run's value,
// before the screen opens.
func TestAResumeRefusesFlagsThatContradictItsRun(t *testing.T) {
	path := demoDB(t)
	hid := leftRun(t, path, model.TrainingRun{Anonymized: true, Hindsight: false, Authority: model.AuthorityLow})
	for _, c := range []struct {
		name string
		args []string
		text string
	}{
		{"--anonymize=false on an anonymized run", []string{"--anonymize=false"}, "was started with --anonymize (it hides the case)"},
		{"--no-hindsight=false on a run that hid hindsight", []string{"--no-hindsight=false"}, "was started with --no-hindsight"},
		{"--authority high on a run judged with low", []string{"--authority", "high"}, "judges authority as low"},
	} {
		t.Run(c.name+" is refused", func(t *testing.T) {
			args := append([]string{"--as", "ana", "train", "INC-2044", "--resume"}, c.args...)
			r := signoff(t, path, "", args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, "training run "+itoa64(hid.ID)) || !strings.Contains(r.stderr, c.text) ||
				!strings.Contains(r.stderr, "resume it without "+strings.SplitN(c.args[0], "=", 2)[0]) {
				t.Errorf("exit %d, stderr %q; want %d naming run %d and %q", r.code, r.stderr, exitUsage, hid.ID, c.text)
			}
		})
	}
	shown := demoDB(t)
	run := leftRun(t, shown, model.TrainingRun{Hindsight: true})
	t.Run("--anonymize on a run that showed the case is refused", func(t *testing.T) {
		r := signoff(t, shown, "", "--as", "ana", "train", "INC-2044", "--resume", "--anonymize")
		if r.code != exitUsage || !strings.Contains(r.stderr, "training run "+itoa64(run.ID)+" of INC-2044 was started without --anonymize") {
			t.Errorf("exit %d, stderr %q", r.code, r.stderr)
		}
	})
	t.Run("--authority on a run that judged no authority is refused", func(t *testing.T) {
		r := signoff(t, shown, "", "--as", "ana", "train", "INC-2044", "--resume", "--authority", "none")
		if r.code != exitUsage || !strings.Contains(r.stderr, "does not judge authority") {
			t.Errorf("exit %d, stderr %q", r.code, r.stderr)
		}
	})
}

// --results and --json say how each run was played.
func TestTrainResultsShowEachRunsOptions(t *testing.T) {
	path := demoDB(t)
	hid := leftRun(t, path, model.TrainingRun{Anonymized: true, Hindsight: false, Authority: model.AuthorityLow})
	shown := leftRun(t, path, model.TrainingRun{Hindsight: true})
	r := signoff(t, path, "", "train", "--results", "INC-2044")
	if line := lineOf(r.stdout, hid.ID); !strings.Contains(line, "anonymized, no hindsight, authority low") {
		t.Errorf("run %d does not say its options:\n%s", hid.ID, r.stdout)
	}
	if line := lineOf(r.stdout, shown.ID); strings.Contains(line, "anonymized") || strings.Contains(line, "no hindsight") {
		t.Errorf("run %d says options it was not played with:\n%s", shown.ID, r.stdout)
	}
	var got []runResult
	r = signoff(t, path, "", "train", "--results", "INC-2044", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || len(got) != 2 {
		t.Fatalf("%v in %s", err, r.stdout)
	}
	if !got[0].Anonymized || got[0].HindsightShown || got[1].Anonymized || !got[1].HindsightShown {
		t.Errorf("--json says %+v and %+v", got[0], got[1])
	}
	if !strings.Contains(r.stdout, `"anonymized": true`) {
		t.Errorf("--json has no anonymized field:\n%s", r.stdout)
	}
}

// Flags not given follow the run: a resume is played as it was started.
func TestAResumeWithoutFlagsFollowsItsRun(t *testing.T) {
	run := model.TrainingRun{ID: 7, Anonymized: true, Hindsight: false, Authority: model.AuthorityLow}
	o, err := keptOptions(run, train.Options{Incident: "INC-2044"}, nil)
	if err != nil || o.Resume != 7 || !o.Anonymize || !o.NoHindsight || o.Authority != model.AuthorityLow {
		t.Errorf("the resume is asked with %+v, %v; want run 7 anonymized, without hindsight, judged with low", o, err)
	}
	o, err = keptOptions(run, train.Options{Incident: "INC-2044", Anonymize: true, NoHindsight: true, Authority: model.AuthorityLow},
		map[string]bool{"anonymize": true, "no-hindsight": true, "authority": true})
	if err != nil || o.Resume != 7 {
		t.Errorf("flags that agree with the run: %+v, %v", o, err)
	}
}

// A run that answers a point its trainee already saw revealed in another
// run is a retake: --results says so, and of which run, so a trainer
// does not read it as a first attempt. A resume is not one.
func TestTrainResultsSayWhichRunsAreRetakes(t *testing.T) {
	path := demoDB(t)
	ctx := context.Background()
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	play := func(start time.Time, subjects ...string) model.TrainingRun {
		t.Helper()
		r, err := d.StartTrainingRun(ctx, model.TrainingRun{Trainee: "ana", Incident: "INC-2044", Hindsight: true, StartedAt: start})
		if err != nil {
			t.Fatal(err)
		}
		for i, s := range subjects {
			c := model.TrainingChoice{Subject: s, Outcome: model.OutcomeRejected, Rationale: "no", At: start.Add(time.Duration(i+1) * time.Minute)}
			if err := d.RecordTrainingChoice(ctx, r.ID, c); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.EndTrainingRun(ctx, r.ID, start.Add(time.Hour), false); err != nil {
			t.Fatal(err)
		}
		return r
	}
	first := play(at, "S2")
	resumed, err := d.ResumeTrainingRun(ctx, first.ID, at.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	again := play(at.Add(3*time.Hour), "S2", "S3")
	d.Close()

	r := signoff(t, path, "", "train", "--results", "INC-2044")
	want := "retake of run " + itoa64(first.ID)
	if line := lineOf(r.stdout, again.ID); !strings.Contains(line, want) {
		t.Errorf("run %d does not say %q:\n%s", again.ID, want, r.stdout)
	}
	for _, id := range []int64{first.ID, resumed.ID} {
		if line := lineOf(r.stdout, id); strings.Contains(line, "retake") {
			t.Errorf("run %d is called a retake:\n%s", id, r.stdout)
		}
	}
	var got []runResult
	r = signoff(t, path, "", "train", "--results", "INC-2044", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || len(got) != 3 {
		t.Fatalf("%v in %s", err, r.stdout)
	}
	for _, g := range got {
		switch g.Run {
		case again.ID:
			if g.RetakeOf == nil || *g.RetakeOf != first.ID || g.Choices[0].SeenIn == nil || *g.Choices[0].SeenIn != first.ID || g.Choices[1].SeenIn != nil {
				t.Errorf("--json says of the retake %+v", g)
			}
		default:
			if g.RetakeOf != nil || g.Choices[0].SeenIn != nil {
				t.Errorf("--json calls run %d a retake: %+v", g.Run, g)
			}
		}
	}
	if !strings.Contains(r.stdout, `"retake_of": null`) || !strings.Contains(r.stdout, `"seen_in": null`) {
		t.Errorf("--json leaves out retake_of or seen_in where there is none:\n%s", r.stdout)
	}
}

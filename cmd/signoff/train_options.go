package main

import (
	"fmt"
	"strings"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/train"
)

// Options a run keeps: a resume goes on as its run was started, so a
// trainee is never shown what the trainer hid and a scorecard is of one
// way of playing. Not giving a flag with --resume follows the run; giving
// one that says otherwise is refused, naming the flag and what the run
// keeps, rather than followed silently: the person who typed it meant
// something the run will not do.

// keptOptions are the options of o that a resume takes from run, or the
// refusal of a flag given (named in given, as typed without "--") that
// contradicts it.
func keptOptions(run model.TrainingRun, o train.Options, given map[string]bool) (train.Options, error) {
	refuse := func(flag, kept string) error {
		return model.Errorf(model.EINVALID, "training run %d of %s %s, and a resume goes on with the options its run started with: "+
			"resume it without --%s, or start a new run with it", run.ID, o.Incident, kept, flag)
	}
	switch {
	case given["anonymize"] && o.Anonymize != run.Anonymized:
		return o, refuse("anonymize", map[bool]string{
			true:  "was started with --anonymize (it hides the case)",
			false: "was started without --anonymize (it shows the case as recorded)"}[run.Anonymized])
	case given["no-hindsight"] && o.NoHindsight == run.Hindsight:
		return o, refuse("no-hindsight", map[bool]string{
			true:  "was started without --no-hindsight (its reveals show review verdicts)",
			false: "was started with --no-hindsight (its reveals hide review verdicts)"}[run.Hindsight])
	case given["authority"] && o.Authority != run.Authority && run.Authority == "":
		return o, refuse("authority", "does not judge authority (its trainee is not a person of the incident, and it was started without --authority)")
	case given["authority"] && o.Authority != run.Authority:
		return o, refuse("authority", "judges authority as "+string(run.Authority))
	}
	o.Resume, o.Anonymize, o.NoHindsight, o.Authority = run.ID, run.Anonymized, !run.Hindsight, run.Authority
	return o, nil
}

// optionWords says how a run was played, for --results.
func optionWords(r runResult) string {
	var w []string
	if r.Anonymized {
		w = append(w, "anonymized")
	}
	if !r.HindsightShown {
		w = append(w, "no hindsight")
	}
	if r.Authority != nil {
		w = append(w, fmt.Sprintf("authority %s", *r.Authority))
	}
	if r.RetakeOf != nil {
		w = append(w, fmt.Sprintf("retake of run %d", *r.RetakeOf))
	}
	return strings.Join(w, ", ")
}

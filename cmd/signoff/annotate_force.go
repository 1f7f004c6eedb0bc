package main

import (
	"fmt"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/safetext"
)

// warnNotInForce says when the verdict just recorded is not the one in
// force: verdicts go by time, then by order of recording, so a verdict on
// the subject timed after this machine's clock (imported from a feed whose
// clock runs a little fast, or before import refused times far ahead)
// stays in force until the clock passes it. step is as read before the
// verdict was recorded.
func (a *app) warnNotInForce(step *model.Step, incident string, saved model.Review) {
	var later *model.Review
	for i := range step.Reviews {
		r := &step.Reviews[i]
		if r.At.After(saved.At) && (later == nil || !r.At.Before(later.At)) {
			later = r
		}
	}
	if later == nil {
		return
	}
	fmt.Fprintf(a.stderr, "signoff: warning: %s\n", safetext.Line(fmt.Sprintf(
		"the verdict is recorded but is not the one in force: the %s verdict on %s/%s by %s is timed %s, after this one, and stays in force until then (verdicts go by time)",
		later.Verdict, incident, saved.Subject, later.Reviewer, later.At.UTC().Format(time.DateTime+" UTC"))))
}

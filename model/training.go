package model

import (
	"strings"
	"time"
)

// TrainingRun is one trainee's walk through a historical incident.
// It is practice, not part of the incident record: the store keeps runs in
// their own tables, outside the audit chain, and no finding, metric, report
// or export reads them.
type TrainingRun struct {
	ID       int64  `json:"id"`
	Trainee  string `json:"trainee"`
	Incident string `json:"incident"`
	// Authority is what the trainee is judged with on the scorecard; empty
	// when authority is not judged (see docs/training.md).
	Authority Authority `json:"authority,omitempty"`
	// Hindsight says whether the reveals showed review verdicts.
	Hindsight bool `json:"hindsight"`
	// Anonymized says the replay hid the case (signoff train --anonymize):
	// a resume hides it too, so the trainee never sees what the trainer
	// hid. A run from before it was kept reads as false, as it was played.
	Anonymized bool `json:"anonymized"`
	// SessionKey is the fingerprint of the SSH key the trainee logged in
	// with in a signoff serve session, "" at a local terminal.
	SessionKey string     `json:"session_key,omitempty"`
	StartedAt  time.Time  `json:"started_at"`
	EndedAt    *time.Time `json:"ended_at,omitempty"`
	// Finished is true when the trainee reached the end of the incident; a
	// run left with q (or never closed) is unfinished.
	Finished bool `json:"finished"`
	// Resumes is the run this one goes on with (signoff train --resume),
	// 0 for a run started afresh.
	Resumes int64            `json:"resumes,omitempty"`
	Choices []TrainingChoice `json:"choices"`
}

// TrainingChoice is what the trainee chose at one AI suggestion, before
// the real decision was revealed.
type TrainingChoice struct {
	Subject string  `json:"subject"` // the suggestion's id
	Outcome Outcome `json:"outcome"`
	// Action is the action the trainee would take: the suggested one when
	// approving, the edited one when modifying, nil when rejecting or deferring.
	Action    *Action       `json:"action,omitempty"`
	Rationale string        `json:"rationale"`
	At        time.Time     `json:"at"`   // when the choice was made
	Took      time.Duration `json:"took"` // from the prompt to the choice
}

// Validate checks a run as it is started.
func (r *TrainingRun) Validate() error {
	if err := badText("training run", r); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(r.Trainee) == "":
		return invalid("a training run needs a trainee: give --as PERSON")
	case !ValidID(r.Incident):
		return invalid("a training run needs an incident id; %s is not one", Quote(r.Incident))
	case r.Authority != "" && !r.Authority.Valid():
		return invalid("training authority %s is not one of none, low, medium, high", Quote(string(r.Authority)))
	case r.StartedAt.IsZero():
		return invalid("training run of %s on %s has no start time", r.Trainee, r.Incident)
	case r.SessionKey != "" && !ValidFingerprint(r.SessionKey):
		return invalid("training run of %s on %s: session key %q is not an SSH key fingerprint (SHA256:…)", r.Trainee, r.Incident, r.SessionKey)
	}
	return checkTime("training run of "+r.Trainee, "started_at", r.StartedAt)
}

// Validate checks one choice before it is saved.
func (c *TrainingChoice) Validate() error {
	if !ValidID(c.Subject) {
		return invalid("a training choice must name the suggestion it answers; %s is not an id", Quote(c.Subject))
	}
	if err := badText("training choice on "+c.Subject, c); err != nil {
		return err
	}
	switch {
	case !c.Outcome.Valid():
		return invalid("training choice on %s: outcome %s is not approved, modified, rejected or deferred", c.Subject, Quote(string(c.Outcome)))
	case strings.TrimSpace(c.Rationale) == "":
		return invalid("training choice on %s: write a rationale before the reveal", c.Subject)
	case (c.Outcome == OutcomeApproved || c.Outcome == OutcomeModified) && (c.Action == nil || c.Action.Type == ""):
		return invalid("training choice on %s: %s needs the action that would be taken", c.Subject, c.Outcome)
	case c.Took < 0:
		return invalid("training choice on %s: time taken is negative", c.Subject)
	}
	return checkTime("training choice on "+c.Subject, "at", c.At)
}

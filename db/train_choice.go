package db

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/signoff/signoff/model"
)

// savedChoice is a run's choice on a subject, nil when it has none.
func savedChoice(ctx context.Context, q querier, run int64, subject string) (*model.TrainingChoice, error) {
	var outcome string
	var typ, target, detail sql.NullString
	c := model.TrainingChoice{Subject: subject}
	err := q.QueryRowContext(ctx, "SELECT outcome, action, target, detail, rationale FROM training_choices WHERE run = ? AND subject = ?",
		run, subject).Scan(&outcome, &typ, &target, &detail, &c.Rationale)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c.Outcome = model.Outcome(outcome)
	if typ.Valid {
		c.Action = &model.Action{Type: typ.String, Target: target.String, Detail: detail.String}
	}
	return &c, nil
}

// sameChoice reports whether a choice sent says what the saved one says:
// outcome, action and rationale, not when it was made (a choice sent
// again is later). An action without a type is kept as none.
func sameChoice(saved, sent model.TrainingChoice) bool {
	if sent.Action != nil && sent.Action.Type == "" {
		sent.Action = nil
	}
	return saved.Outcome == sent.Outcome && saved.Rationale == sent.Rationale && model.SameAction(saved.Action, sent.Action)
}

// describeChoice says what a choice was, quoting the trainee's text.
func describeChoice(c model.TrainingChoice) string {
	s := string(c.Outcome)
	if a := c.Action; a != nil {
		s += " " + word(a.Type)
		if a.Target != "" {
			s += " on " + word(a.Target)
		}
		if a.Detail != "" {
			s += " (" + model.Quote(a.Detail) + ")"
		}
	}
	return fmt.Sprintf("%s, because %s", s, model.Quote(c.Rationale))
}

// word is an id as it stands when it is one, else quoted.
func word(s string) string {
	if model.ValidID(s) {
		return s
	}
	return model.Quote(s)
}

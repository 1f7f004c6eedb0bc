package format

import (
	"math"
	"time"

	"github.com/signoff/signoff/model"
)

// Times must fall within the years 1678 to 2262: a store keeps them as
// int64 Unix nanoseconds, exact and ordered, so a record whose time could
// not be stored is refused when it is decoded, naming its line.
var (
	earliest = time.Unix(0, math.MinInt64).UTC()
	latest   = time.Unix(0, math.MaxInt64).UTC()
)

// TimeInRange reports whether t lies in the years the format allows.
func TimeInRange(t time.Time) bool { return !t.Before(earliest) && !t.After(latest) }

func outOfRange(what, field string) error {
	return model.Errorf(model.EINVALID, "%s: field %q is outside the years 1678 to 2262 that signoff can store", what, field)
}

// The checks of each kind of record: its own fields (model's Validate),
// then its time. References to other records are checked once all are read.

func checkIncident(i *model.Incident) error {
	if err := i.Validate(); err != nil {
		return err
	}
	if !TimeInRange(i.OpenedAt) {
		return outOfRange("incident "+i.ID, "opened_at")
	}
	return nil
}

func checkEvidence(e *model.Evidence) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if !TimeInRange(e.CollectedAt) {
		return outOfRange("evidence "+e.ID, "collected_at")
	}
	return nil
}

func checkEvent(e *model.Event) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if !TimeInRange(e.At) {
		return outOfRange("event "+e.ID, "at")
	}
	return nil
}

func checkReview(r *model.Review) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if !TimeInRange(r.At) {
		return outOfRange("review of "+r.Subject, "at")
	}
	return nil
}

func checkStatus(c *model.StatusChange) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if !TimeInRange(c.At) {
		return outOfRange("status change "+c.ID, "at")
	}
	return nil
}

package db

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// An incident id that is not stored but reads like one that is (typed or
// pasted with a U+2010 hyphen, or in another letter case) is refused as
// absent, naming the stored id it reads like, spelt so the two can be
// told apart: whichever read asks first.
func TestAnAbsentIncidentIDThatReadsLikeAStoredOneNamesIt(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		ctx := context.Background()
		reads := map[string]func(id string) error{
			"the summary": func(id string) error { _, err := d.IncidentSummary(ctx, id); return err },
			"the roster":  func(id string) error { _, err := d.Roster(ctx, id); return err },
			"a step":      func(id string) error { _, err := d.Step(ctx, id, "S1"); return err },
		}
		cases := []struct{ typed, says string }{
			{"INC\u20101", `there is no incident "INC‐1" (spelt "INC\u20101") in the database; "INC-1" is stored and reads like it`},
			{"inc-1", `there is no incident "inc-1" in the database; "INC-1" is stored and reads like it`},
			{"INC-9", `there is no incident INC-9 in the database`},
		}
		for name, read := range reads {
			for _, c := range cases {
				err := read(c.typed)
				if model.ErrorCode(err) != model.ENOTFOUND || model.ErrorMessage(err) != c.says {
					t.Errorf("%s of %+q: %v (%s), want %q", name, c.typed, err, model.ErrorCode(err), c.says)
				}
			}
		}
		if _, err := d.IncidentSummary(ctx, "INC-1"); err != nil || strings.Contains(model.ErrorMessage(err), "reads like") {
			t.Errorf("the stored id itself: %v", err)
		}
	})
}

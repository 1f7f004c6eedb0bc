package train

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/tuitest"
)

// Before a run that hides the case has read its people, nothing of a
// sentence can be said in pseudonyms: a fixed sentence stands in for the
// chain's and for an error's, which keeps its code. A run that hides
// nothing says them as they are.
func TestARunThatHidesTheCaseSaysNothingItCannotPseudonymiseYet(t *testing.T) {
	const problem = "entry 12 (decisions INC-7/D1): approved by alice"
	err := model.Errorf(model.ETAMPERED, "%s", problem)
	cases := []struct {
		name  string
		o     Options
		shown bool
	}{
		{"asked with --anonymize", Options{Incident: "INC-7", Anonymize: true}, false},
		{"a resumed run not read yet", Options{Incident: "INC-7", Resume: 3}, false},
		{"a run shown as recorded", Options{Incident: "INC-7"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := New(tuitest.Common(nil, "mara", nil), c.o)
			if m.Hides() == c.shown {
				t.Errorf("Hides() = %v", m.Hides())
			}
			p, e := m.PrivateProblem(problem), m.PrivateErr(err)
			if model.ErrorCode(e) != model.ETAMPERED {
				t.Errorf("the error lost its code: %v", e)
			}
			for _, said := range []string{p, model.ErrorMessage(e)} {
				if got := strings.Contains(said, "INC-7") || strings.Contains(said, "alice"); got != c.shown {
					t.Errorf("names the case or its people: %v, want %v: %q", got, c.shown, said)
				}
			}
		})
	}
}

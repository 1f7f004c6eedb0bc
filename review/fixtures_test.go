package review

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"testing"

	"github.com/signoff/signoff/fixtures"
)

type codeSubject struct {
	Code    string `json:"code"`
	Subject string `json:"subject"`
}

func sortedPairs(ps []codeSubject) []codeSubject {
	out := append([]codeSubject{}, ps...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Subject != out[j].Subject {
			return out[i].Subject < out[j].Subject
		}
		return out[i].Code < out[j].Code
	})
	return out
}

// The fixtures' authors wrote down what each story implies; the rules must
// find exactly that, no more, no less.
func TestFixturesYieldTheirExpectedFindings(t *testing.T) {
	b, err := os.ReadFile("../fixtures/testdata/expected_findings.json")
	if err != nil {
		t.Fatal(err)
	}
	var expected []struct {
		File     string        `json:"file"`
		Incident string        `json:"incident"`
		Findings []codeSubject `json:"findings"`
	}
	if err := json.Unmarshal(b, &expected); err != nil {
		t.Fatalf("expected_findings.json does not decode: %v", err)
	}
	if len(expected) != len(fixtures.Incidents()) {
		t.Errorf("expected_findings.json covers %d incidents, the fixtures hold %d", len(expected), len(fixtures.Incidents()))
	}
	for _, e := range expected {
		t.Run(e.File+" yields exactly its expected findings", func(t *testing.T) {
			doc, err := fixtures.Load(e.File)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Incident.ID != e.Incident {
				t.Fatalf("the file holds incident %s, expected %s", doc.Incident.ID, e.Incident)
			}
			got := []codeSubject{}
			for _, f := range Findings(doc, DefaultPolicy()) {
				got = append(got, codeSubject{f.Code, f.Subject})
			}
			if g, w := sortedPairs(got), sortedPairs(e.Findings); !reflect.DeepEqual(g, w) {
				t.Errorf("findings %v\nexpected %v", g, w)
			}
		})
	}
}

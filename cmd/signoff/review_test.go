package main

import (
	"strings"
	"testing"
)

// The review command's arguments are checked before any screen opens, so
// these run without a terminal.
func TestReviewRefusesBadTargetsBeforeOpening(t *testing.T) {
	path := demoDB(t)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"an unknown incident", []string{"review", "INC-0000"}, "INC-0000"},
		{"an event the incident lacks", []string{"review", "INC-2041/S99"}, "incident INC-2041 has no event or evidence S99: \"signoff review INC-2041\" opens its timeline"},
		{"an --at the incident lacks", []string{"review", "INC-2041", "--at", "ZZ"}, "has no event or evidence ZZ: \"signoff review INC-2041\""},
		{"--at with no incident", []string{"review", "--at", "S3"}, "needs the incident"},
		{"an event named twice", []string{"review", "INC-2041/S3", "--at", "S4"}, "already names an event"},
		{"a malformed event id", []string{"review", "INC-2041/"}, "not an event id"},
	}
	for _, c := range cases {
		t.Run(c.name+" is refused", func(t *testing.T) {
			r := signoff(t, path, "", c.args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
				t.Fatalf("exit %d, stderr %q; want exit 2 mentioning %q", r.code, r.stderr, c.want)
			}
		})
	}
}

// A decision on an event the incident lacks says where the pending
// suggestions are listed (a new user's trial: "incident INC-2046 has no
// event S99" left nothing to try).
func TestDecidingAnEventTheIncidentLacksSaysWhereToLook(t *testing.T) {
	path := demoDB(t)
	for _, verb := range []string{"approve", "reject", "defer"} {
		r := signoff(t, path, "", "--as", "alice", verb, "INC-2046/S99", "--rationale", "x")
		want := `incident INC-2046 has no event S99: "signoff pending" lists the suggestions waiting for a decision`
		if r.code == 0 || !strings.Contains(r.stderr, want) {
			t.Errorf("%s: exit %d, stderr %q; want %q", verb, r.code, r.stderr, want)
		}
	}
}

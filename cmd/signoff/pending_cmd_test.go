package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestPendingListsWhatWaitsForScriptsAndPeople(t *testing.T) {
	path := demoDB(t)
	if r := signoff(t, path, "", "--as", "alice", "approve", "INC-2046/S4", "--rationale", "snapshot taken", "--evidence", "EV-2"); r.code != 0 {
		t.Fatalf("first approval: %s", r.stderr)
	}
	if r := signoff(t, path, "", "--as", "tomas", "claim", "INC-2046/S5", "--for", "1h"); r.code != 0 {
		t.Fatalf("claim: %s", r.stderr)
	}
	r := signoff(t, path, "", "pending", "--json")
	var lines []pendingLine
	if err := json.Unmarshal([]byte(r.stdout), &lines); err != nil || r.code != 0 {
		t.Fatalf("pending --json: %v %s", err, r.stderr)
	}
	var ids []string
	for _, l := range lines {
		ids = append(ids, l.ID+":"+string(l.Tier))
	}
	if strings.Join(ids, " ") != "S3:critical S4:critical S6:high S5:medium S8:low" {
		t.Errorf("pending in the queue's order: %v", ids)
	}
	s4, s6 := lines[1], lines[2]
	if s4.FirstApprovalBy != "alice" || s4.Incident != "INC-2046" || s4.Agent != "remediator" || s4.Action.Type != "delete_resource" || s4.Age <= 0 {
		t.Errorf("S4: %+v", s4)
	}
	if s5 := lines[3]; s5.ClaimedBy != "tomas" || s5.ClaimedUntil == nil || s5.ClaimedUntil.Sub(time.Now()) < 50*time.Minute || s4.ClaimedBy != "" {
		t.Errorf("the claim on S5 (tomas, for 1h): %+v; S4 %+v", s5, s4)
	}
	if !s6.Expired || s4.Expired {
		t.Errorf("expired: S6 %v, S4 %v", s6.Expired, s4.Expired)
	}
	table := signoff(t, path, "", "pending", "--incident", "INC-2046").stdout
	for _, want := range []string{"INCIDENT  ID", "delete_resource → mining-vm", "critical (1 of 2)", "high (expired)", "CLAIMED", "tomas until ", " UTC"} {
		if !strings.Contains(table, want) {
			t.Errorf("the table lacks %q:\n%s", want, table)
		}
	}
	if got := signoff(t, path, "", "pending", "--incident", "INC-2041").stdout; got != "No pending suggestions.\n" {
		t.Errorf("a resolved incident: %q", got)
	}
	for d, want := range map[time.Duration]string{9 * time.Second: "9s", 250 * time.Second: "4m10s", 3*time.Hour + 12*time.Minute: "3h12m", 142 * time.Hour: "5d22h"} {
		if got := age(d); got != want {
			t.Errorf("age(%v) = %q; want %q", d, got, want)
		}
	}
}

// A mistyped --incident is said, as metrics --incident says it, not
// answered with "No pending suggestions": a script waiting on a gate
// would take the typo for an empty queue.
func TestPendingRefusesAnIncidentNotInTheDatabase(t *testing.T) {
	path := demoDB(t)
	for _, args := range [][]string{{"pending", "--incident", "INC-2064"}, {"pending", "--incident", "INC-2064", "--json"}} {
		r := signoff(t, path, "", args...)
		if r.code != exitUsage || r.stdout != "" || !strings.Contains(r.stderr, "there is no incident INC-2064") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 saying there is no such incident", args, r.code, r.stdout, r.stderr)
		}
	}
	if r := signoff(t, path, "", "pending", "--incident", "INC-2041"); r.code != 0 || r.stdout != "No pending suggestions.\n" {
		t.Errorf("an incident with nothing pending: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
}

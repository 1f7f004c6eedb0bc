package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
)

// closedByTwoChanges is the demo with INC-2046 contained by a change alice
// signed, then closed by an unsigned one whose rationale carries a
// bidirectional override; it returns the database and the two changes.
func closedByTwoChanges(t *testing.T) (string, []model.StatusChange) {
	t.Helper()
	path := demoDB(t)
	key, _ := keyFile(t, t.TempDir(), "alice")
	for _, args := range [][]string{
		{"--as", "alice", "status", "INC-2046", "contained", "--rationale", "token revoked", "--sign-key", key},
		{"--as", "alice", "status", "INC-2046", "closed", "--rationale", "review \u202edone", "--defer-pending"},
	} {
		if r := signoff(t, path, "", args...); r.code != 0 {
			t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
		}
	}
	doc := exportDocOf(t, path, "INC-2046")
	if len(doc.StatusChanges) != 2 || doc.StatusChanges[0].Signature == nil || doc.StatusChanges[1].Signature != nil {
		t.Fatalf("the fixture is not two changes, the first signed: %+v", doc.StatusChanges)
	}
	return path, doc.StatusChanges
}

func TestTheTimesketchExportHasALinePerStatusChange(t *testing.T) {
	path, changes := closedByTwoChanges(t)
	r := signoff(t, path, "", "export", "INC-2046", "--format", "timesketch")
	if strings.Contains(r.stdout, "\u202e") || !strings.Contains(r.stdout, `review \u202edone`) {
		t.Errorf("the rationale is not escaped as every other field is")
	}
	var got []map[string]any
	var last time.Time
	for _, l := range exportLines(t, path, "INC-2046", "timesketch") {
		if at, _ := time.Parse(time.RFC3339Nano, l["datetime"].(string)); at.Before(last) {
			t.Errorf("%v comes before the line above it", l["message"])
		} else {
			last = at
		}
		if l["kind"] == "status" {
			got = append(got, l)
		}
	}
	want := []struct {
		from, to, message string
		signed            bool
		tags              []string
	}{
		// The bundled policy names no roster: the signature holds, and
		// nothing says it is alice's key, so the line does not say signed.
		{"open", "contained", "Status change ST-1 by alice: open → contained (signature holds; no roster names whose key)", false, []string{"signoff", "status:contained"}},
		{"contained", "closed", "Status change ST-2 by alice: contained → closed", false, []string{"signoff", "status:closed"}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d status change lines; want %d: %v", len(got), len(want), got)
	}
	for i, w := range want {
		l, c := got[i], changes[i]
		at, _ := time.Parse(time.RFC3339Nano, l["datetime"].(string))
		if l["message"] != w.message || l["previous_status"] != w.from || l["status"] != w.to || l["actor"] != "alice" ||
			l["rationale"] != c.Rationale || l["signed"] != w.signed || l["record_id"] != c.ID || !at.Equal(c.At.Truncate(time.Microsecond)) ||
			l["timestamp_desc"] != "Status change" || !slices.Equal(tags(l), w.tags) {
			t.Errorf("line of %s: %v", c.ID, l)
		}
	}
}

// incidentStates are the OCSF status ids of the Incident Finding's events
// in the order written, and the subset check run on every line.
func incidentStates(t *testing.T, path, incident string) []int {
	t.Helper()
	checkOCSF(t, path, loadSubset(t), incident)
	var states []int
	for _, e := range exportLines(t, path, incident, "ocsf") {
		if num(e["class_uid"]) == 2005 {
			states = append(states, num(e["status_id"]))
		}
	}
	return states
}

func TestTheOCSFExportUpdatesTheIncidentWithEachStatusChange(t *testing.T) {
	path, changes := closedByTwoChanges(t)
	var updates []map[string]any
	for _, e := range exportLines(t, path, "INC-2046", "ocsf") {
		if num(e["class_uid"]) == 2005 && num(e["activity_id"]) == 2 {
			updates = append(updates, e)
		}
	}
	if len(updates) != 2 {
		t.Fatalf("%d updates of the Incident Finding; want one per status change: %v", len(updates), updates)
	}
	for i, want := range []struct {
		status int
		word   string
		signed bool
	}{{2, "In Progress", true}, {5, "Closed", false}} {
		e, c := updates[i], changes[i]
		actor, _ := e["actor"].(map[string]any)
		user, _ := actor["user"].(map[string]any)
		signoff := e["unmapped"].(map[string]any)["signoff"].(map[string]any)
		change, _ := signoff["status_change"].(map[string]any)
		_, signed := change["signature"]
		if num(e["status_id"]) != want.status || e["status"] != want.word || e["comment"] != c.Rationale || user["uid"] != "alice" ||
			int64(num(e["time"])) != c.At.UnixMilli() || signoff["record"] != c.ID || signed != want.signed {
			t.Errorf("update for %s: %v", c.ID, e)
		}
	}
	if got := incidentStates(t, path, "INC-2046"); !slices.Equal(got, []int{1, 2, 5}) {
		t.Errorf("the incident's states %v; want New, In Progress, Closed", got)
	}
}

// INC-2042 was imported closed at its closed_at: reopened by a change, both
// exports still close it at that moment, then reopen it, and end open.
func TestAReopenedIncidentEndsOpenInBothExports(t *testing.T) {
	path := demoDB(t)
	if r := signoff(t, path, "", "--as", "alice", "status", "INC-2042", "open", "--rationale", "seen again"); r.code != 0 {
		t.Fatalf("status: %s", r.stderr)
	}
	if got := incidentStates(t, path, "INC-2042"); !slices.Equal(got, []int{1, 5, 1}) {
		t.Errorf("the incident's states %v; want New, Closed, New", got)
	}
	var details []any
	for _, e := range exportLines(t, path, "INC-2042", "ocsf") {
		if num(e["class_uid"]) == 2005 {
			details = append(details, e["status_detail"])
		}
	}
	if !slices.Equal(details, []any{nil, nil, "Reopened"}) {
		t.Errorf("the incident's status details %v; want the reopening's alone to say Reopened", details)
	}
	var status []string
	for _, l := range exportLines(t, path, "INC-2042", "timesketch") {
		if l["timestamp_desc"] == "Status change" {
			status = append(status, l["message"].(string))
		}
	}
	want := []string{"Incident INC-2042 opened: ", "Incident INC-2042 closed: ", "Status change ST-1 by alice: closed → open"}
	if len(status) != len(want) {
		t.Fatalf("status lines %q; want %q", status, want)
	}
	for i := range want {
		if !strings.HasPrefix(status[i], want[i]) {
			t.Errorf("status lines %q; want %q", status, want)
		}
	}
}

// A change the policy did not allow comes in through an import, and its
// finding is on its line, as signoff findings reports it.
func TestAStatusChangesFindingsAreOnItsLine(t *testing.T) {
	path := tempDB(t)
	stream := strings.Join([]string{
		`{"record":"incident","format":"signoff.incident/v1","id":"INC-S","title":"status","severity":"sev3","status":"open","opened_at":"2026-11-30T08:00:00Z","commander":"ana"}`,
		`{"record":"person","id":"ana","name":"Ana","authority":"high"}`,
		`{"record":"person","id":"ben","name":"Ben","authority":"low"}`,
		`{"record":"status","id":"SOAR-1","status":"contained","by":"ben","at":"2026-11-30T09:00:00Z","rationale":"host isolated"}`,
	}, "\n") + "\n"
	if r := signoff(t, path, stream, "import", "-"); r.code != 0 {
		t.Fatalf("import: %s", r.stderr)
	}
	if r := signoff(t, path, "", "findings", "INC-S", "--json"); !strings.Contains(r.stdout, `"subject": "SOAR-1"`) || !strings.Contains(r.stdout, "status-authority") {
		t.Fatalf("findings: %s", r.stdout)
	}
	var line map[string]any
	for _, l := range exportLines(t, path, "INC-S", "timesketch") {
		if l["record_id"] == "SOAR-1" {
			line = l
		}
	}
	if !slices.Contains(tags(line), "finding:status-authority") {
		t.Errorf("the line of SOAR-1: %v", line)
	}
	for _, e := range exportLines(t, path, "INC-S", "ocsf") {
		if num(e["activity_id"]) == 2 && !strings.Contains(fmt.Sprint(e["unmapped"]), "status-authority") {
			t.Errorf("the OCSF update for SOAR-1 lacks its finding: %v", e)
		}
	}
}

// TestTheExportsCallAStatusChangeSignedOnlyWhenTheRosterSaysTheKeyIsTheirs
// holds both exports to the screens' word: "signed" only for a signature
// that verifies by a key the policy's roster lists for the person. A
// change alice signed, judged by a roster that gives her another key, is
// a forgery to the exports too.
func TestTheExportsCallAStatusChangeSignedOnlyWhenTheRosterSaysTheKeyIsTheirs(t *testing.T) {
	path, changes := closedByTwoChanges(t)
	dir := t.TempDir()
	b, err := os.ReadFile("../../fixtures/policy.toml")
	if err != nil {
		t.Fatal(err)
	}
	_, otherLine := keyFile(t, dir, "alice")
	writeFile(t, dir, "forged_signers", otherLine+"\n")
	forged := writeFile(t, dir, "forged.toml", "signers = \"forged_signers\"\n"+string(b))
	aliceKey, err := signing.Check(changes[0].Signature)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "allowed_signers", "alice "+string(ssh.MarshalAuthorizedKey(aliceKey)))
	team := writeFile(t, dir, "team.toml", "signers = \"allowed_signers\"\n"+string(b))
	cases := []struct {
		name   string
		policy []string
		check  string
		words  string
		signed bool
	}{
		{"under a policy naming no roster the key is not checked", nil, "key not checked", "(signature holds; no roster names whose key)", false},
		{"a roster that lists the key for alice makes it signed", []string{"--policy", team}, "verified", "(signed)", true},
		{"a roster that lists another key for alice makes it a forgery", []string{"--policy", forged}, "does not verify", "(⚠ signature does not verify)", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, format := range []string{"timesketch", "ocsf"} {
				r := signoff(t, path, "", append(tc.policy, "export", "INC-2046", "--format", format)...)
				if r.code != 0 {
					t.Fatalf("export --format %s: exit %d: %s", format, r.code, r.stderr)
				}
				var line map[string]any
				for l := range strings.Lines(r.stdout) {
					if strings.Contains(l, "Status change ST-1 ") {
						if err := json.Unmarshal([]byte(l), &line); err != nil {
							t.Fatal(err)
						}
					}
				}
				if line == nil {
					t.Fatalf("no %s line for ST-1", format)
				}
				want := "Status change ST-1 by alice: open → contained " + tc.words
				if format == "timesketch" {
					if line["message"] != want || line["signed"] != tc.signed || line["signature_check"] != tc.check || slices.Contains(tags(line), "signed") != tc.signed {
						t.Errorf("timesketch: message %q, signed %v, signature_check %v, tags %v", line["message"], line["signed"], line["signature_check"], tags(line))
					}
					continue
				}
				signoff := line["unmapped"].(map[string]any)["signoff"].(map[string]any)
				if line["message"] != want || signoff["signature_check"] != tc.check {
					t.Errorf("ocsf: message %q, signature_check %v", line["message"], signoff["signature_check"])
				}
			}
			// signoff status words the key as the exports and screens do.
			r := signoff(t, path, "", append(tc.policy, "status", "INC-2046")...)
			var row string
			for l := range strings.Lines(r.stdout) {
				if strings.HasPrefix(l, "ST-1 ") {
					row = l
				}
			}
			if r.code != 0 || !strings.Contains(row, strings.Trim(tc.words, "()")) || strings.Contains(row, "(signed)") != tc.signed {
				t.Errorf("status: exit %d, the row of ST-1 %q; want %q", r.code, row, tc.words)
			}
		})
	}
}

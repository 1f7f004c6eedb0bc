package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// reportedChain is the chain status of a JSON report.
type reportedChain struct {
	Verified bool   `json:"verified"`
	Head     string `json:"head"`
	Check    struct {
		Scope           string  `json:"scope"`
		IncidentEntries int64   `json:"incident_entries"`
		SinceEntry      *int64  `json:"since_entry"`
		WholeCheckedAt  *string `json:"whole_checked_at"`
	} `json:"check"`
}

func jsonReportChain(t *testing.T, path, incident string, flags ...string) (reportedChain, result) {
	t.Helper()
	r := signoff(t, path, "", append([]string{"report", incident, "--format", "json"}, flags...)...)
	var rep struct {
		Chain reportedChain `json:"chain"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("report: exit %d, %s: %v", r.code, r.stderr, err)
	}
	return rep.Chain, r
}

// The report's chain status comes from its own check of the incident's
// entries and the check since the one this machine remembers; it says so,
// and a fault on either side is caught and reported as verify reports it.
func TestTheReportChecksItsIncidentAndWhatChangedSince(t *testing.T) {
	const (
		editD5    = `UPDATE chain SET payload = replace(payload, '"block_ip"', '"unblock_ip"') WHERE subject = 'D-S5'`
		editAfter = `UPDATE chain SET payload = replace(payload, 'watch S3 overnight', 'nothing to watch') WHERE kind = 'handoff'`
	)
	// remembered is a demo record with a decision D-S5, checked whole,
	// then written to.
	remembered := func(t *testing.T) string {
		path := demoDB(t)
		if r := signoff(t, path, "", "--as", "tomas", "approve", "INC-2046/S5", "--rationale", "cheap"); r.code != 0 {
			t.Fatal(r.stderr)
		}
		if r := signoff(t, path, "", "verify"); r.code != 0 {
			t.Fatalf("verify: %s", r.stderr)
		}
		if r := signoff(t, path, "", "--as", "alice", "handoff", "INC-2046", "--note", "watch S3 overnight"); r.code != 0 {
			t.Fatal(r.stderr)
		}
		return path
	}
	// verifyProblem is the first fault verify names, in its words (verify
	// also compares the rows, so it may count more faults after it).
	verifyProblem := func(t *testing.T, path string) string {
		t.Helper()
		r := signoff(t, path, "", "verify")
		if r.code != 1 {
			t.Fatalf("verify: exit %d, %s; want the fault found", r.code, r.stdout)
		}
		first, _, _ := strings.Cut(strings.TrimPrefix(r.stderr, "signoff: "), ";")
		return strings.TrimSpace(first)
	}
	t.Run("an intact record says it checked the incident and what was appended since", func(t *testing.T) {
		path := remembered(t)
		before, _ := memoryFor(path).load(path)
		ch, r := jsonReportChain(t, path, "INC-2046")
		if r.code != 0 || !ch.Verified || ch.Check.Scope != "incident-and-since" {
			t.Fatalf("exit %d, %+v, %s; want verified from the remembered check", r.code, ch, r.stderr)
		}
		if ch.Check.SinceEntry == nil || *ch.Check.SinceEntry != before.Entries || ch.Check.IncidentEntries == 0 {
			t.Errorf("since entry %v, incident entries %d; want %d and more than none", ch.Check.SinceEntry, ch.Check.IncidentEntries, before.Entries)
		}
		if ch.Check.WholeCheckedAt == nil || *ch.Check.WholeCheckedAt != before.Whole.UTC().Format("2006-01-02T15:04:05.999999999Z07:00") {
			t.Errorf("whole check at %v; want %s", ch.Check.WholeCheckedAt, before.Whole.UTC())
		}
		after, _ := memoryFor(path).load(path)
		if after.Entries != before.Entries+1 || !after.Whole.Equal(before.Whole) {
			t.Errorf("remembered %d entries, whole check %s; want %d, %s", after.Entries, after.Whole, before.Entries+1, before.Whole)
		}
		md := signoff(t, path, "", "report", "INC-2046").stdout
		for _, want := range []string{"Audit chain: verified for this incident and for what was appended since", "- Not checked by this report:", "`signoff verify` or `signoff report --verify-all`"} {
			if !strings.Contains(md, want) {
				t.Errorf("the Markdown report does not say %q", want)
			}
		}
	})
	t.Run("an entry of the incident edited in place is caught by the report's own check", func(t *testing.T) {
		path := remembered(t)
		tamperDB(t, path, editD5)
		ch, r := jsonReportChain(t, path, "INC-2046")
		if r.code != 1 || ch.Verified || ch.Check.Scope != "incident-and-since" {
			t.Fatalf("exit %d, %+v; want the edit found without a whole check", r.code, ch)
		}
		if want := verifyProblem(t, path); !strings.Contains(r.stderr, "does not verify: "+want) {
			t.Errorf("report says %q; want verify's problem, %q", r.stderr, want)
		}
		if n := strings.Count(r.stderr, "the record was changed outside signoff"); n != 1 {
			t.Errorf("stderr names the fault %d times; want once:\n%s", n, r.stderr)
		}
	})
	t.Run("an entry of another incident appended since and edited is caught by the check since", func(t *testing.T) {
		path := remembered(t)
		tamperDB(t, path, editAfter)
		ch, r := jsonReportChain(t, path, "INC-2041")
		if r.code != 1 || ch.Verified || ch.Check.Scope != "incident-and-since" || !strings.Contains(r.stderr, "handoff") {
			t.Fatalf("exit %d, %+v, %q; want the hand-off note's edit found", r.code, ch, r.stderr)
		}
		if want := verifyProblem(t, path); !strings.Contains(r.stderr, "does not verify: "+want) {
			t.Errorf("report says %q; want verify's problem, %q", r.stderr, want)
		}
	})
	t.Run("an older entry of another incident rewritten with its chain is caught by the remembered hashes", func(t *testing.T) {
		path := remembered(t)
		tamperDB(t, path, editD5, `UPDATE events SET action = 'unblock_ip' WHERE id = 'D-S5'`)
		rechainDB(t, path)
		ch, r := jsonReportChain(t, path, "INC-2041")
		if r.code != 1 || ch.Verified || !strings.Contains(r.stderr, "the chain was rewritten since") {
			t.Fatalf("exit %d, %+v, %q; want the rewrite named", r.code, ch, r.stderr)
		}
	})
	t.Run("with nothing remembered the report checks the whole record", func(t *testing.T) {
		path := remembered(t)
		memoryFor(path).forget()
		tamperDB(t, path, editD5)
		ch, r := jsonReportChain(t, path, "INC-2041")
		if r.code != 1 || ch.Verified || ch.Check.Scope != "whole" || ch.Check.SinceEntry != nil || !strings.Contains(r.stderr, "D-S5") {
			t.Fatalf("exit %d, %+v, %q; want a whole check finding D-S5", r.code, ch, r.stderr)
		}
	})
	t.Run("an intact record with nothing remembered is checked whole and remembered", func(t *testing.T) {
		path := remembered(t)
		memoryFor(path).forget()
		ch, r := jsonReportChain(t, path, "INC-2041")
		if r.code != 0 || !ch.Verified || ch.Check.Scope != "whole" {
			t.Fatalf("exit %d, %+v, %s; want a whole check", r.code, ch, r.stderr)
		}
		if _, ok := memoryFor(path).load(path); !ok {
			t.Error("the whole check was not remembered")
		}
		md := signoff(t, path, "", "report", "INC-2041", "--verify-all").stdout
		if !strings.Contains(md, "- Checked by this report: the whole record") {
			t.Error("the Markdown report of --verify-all does not say it checked the whole record")
		}
	})
	t.Run("--verify-all checks the whole record whatever is remembered", func(t *testing.T) {
		path := remembered(t)
		tamperDB(t, path, editD5)
		if _, r := jsonReportChain(t, path, "INC-2041"); r.code != 0 {
			t.Fatalf("exit %d, %s; an old entry of another incident edited in place is not the check since's to find", r.code, r.stderr)
		}
		ch, r := jsonReportChain(t, path, "INC-2041", "--verify-all")
		if r.code != 1 || ch.Verified || ch.Check.Scope != "whole" || !strings.Contains(r.stderr, "D-S5") {
			t.Fatalf("exit %d, %+v, %q; want a whole check finding D-S5", r.code, ch, r.stderr)
		}
	})
}

package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// A feed that appends a person's old signed verdict or status change
// again (copied from an export) does not get it called signed: the
// signature proves the record it was made for, in its place.

// replayStream is an import stream appending to incident the record of
// kind ("review", "status") that pick chooses from the export, at a later
// time and with the changes more makes.
func replayStream(t *testing.T, export string, kind string, pick func(map[string]any) bool, more map[string]any) string {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(export), &doc); err != nil {
		t.Fatal(err)
	}
	inc := doc["incident"].(map[string]any)
	inc["record"], inc["format"] = "incident", doc["format"]
	section := map[string]string{"review": "reviews", "status": "status_changes"}[kind]
	var rec map[string]any
	for _, r := range doc[section].([]any) {
		if m := r.(map[string]any); pick(m) && rec == nil {
			rec = m
		}
	}
	if rec == nil {
		t.Fatalf("no %s to replay in the export", kind)
	}
	rec["record"], rec["at"] = kind, time.Now().UTC().Add(time.Minute).Format(time.RFC3339)
	for k, v := range more {
		rec[k] = v
	}
	a, _ := json.Marshal(inc)
	b, _ := json.Marshal(rec)
	return string(a) + "\n" + string(b) + "\n"
}

func TestAReplayedSignedVerdictOrStatusChangeIsNotCalledSigned(t *testing.T) {
	path, dir := demoDB(t), t.TempDir()
	maraKey, maraLine := keyFile(t, dir, "mara")
	aliceKey, aliceLine := keyFile(t, dir, "alice")
	daveKey, daveLine := keyFile(t, dir, "dave")
	signers := writeFile(t, dir, "allowed_signers", maraLine+"\n"+aliceLine+"\n"+daveLine+"\n")
	policy := rosterPolicy(t, dir, signers, "[]")
	must := func(args ...string) result {
		t.Helper()
		r := signoff(t, path, "", append([]string{"--policy", policy}, args...)...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
		}
		return r
	}
	must("--as", "mara", "annotate", "INC-2041/S1", "--verdict", "followed", "--outcome-changed", "yes", "--ai-correct", "yes", "--note", "good call", "--sign-key", maraKey)
	must("--as", "mara", "annotate", "INC-2041/S1", "--verdict", "ignored", "--outcome-changed", "no", "--ai-correct", "no", "--note", "changed my mind: AI was wrong", "--sign-key", maraKey)
	must("--as", "alice", "status", "INC-2046", "contained", "--rationale", "token revoked, contained", "--sign-key", aliceKey)
	must("--as", "dave", "status", "INC-2046", "open", "--rationale", "attacker back", "--sign-key", daveKey)
	if r := must("verify"); !strings.Contains(r.stdout, "4 signatures checked against "+signers) || !strings.Contains(r.stdout, "every one holds") {
		t.Fatalf("before the replay: %s", r.stdout)
	}

	verdict := replayStream(t, must("export", "INC-2041").stdout, "review", func(m map[string]any) bool { return m["note"] == "good call" }, nil)
	must("import", writeFile(t, dir, "verdict.ndjson", verdict))
	r := signoff(t, path, "", "--policy", policy, "verify")
	if r.code != 1 || !strings.Contains(r.stderr, "verdict by mara on S1 of INC-2041: the signature does not prove it: it was signed to follow S1#1, but follows S1#3: a copy of another record's signature?") {
		t.Fatalf("verify after the verdict's replay: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	report := must("report", "INC-2041", "--format", "json").stdout
	var rep struct {
		Steps []struct {
			Subject string
			Review  map[string]any
		}
	}
	if err := json.Unmarshal([]byte(report), &rep); err != nil {
		t.Fatal(err)
	}
	for _, s := range rep.Steps {
		if s.Subject == "S1" && (s.Review["signature_check"] != "does not verify" || s.Review["signed"] != nil || s.Review["note"] != "good call") {
			t.Errorf("the replayed verdict in force is reported as %v", s.Review)
		}
	}
	if md := must("report", "INC-2041").stdout; !strings.Contains(md, "Recorded: followed by Mara Lindqvist (mara, "+fingerprint(t, maraKey)+", ⚠ signature does not verify)") {
		t.Errorf("the Markdown report calls the replayed verdict signed:\n%s", md)
	}

	status := replayStream(t, must("export", "INC-2046").stdout, "status", func(m map[string]any) bool { return m["id"] == "ST-1" }, map[string]any{"id": "SOAR-7"})
	must("import", writeFile(t, dir, "status.ndjson", status))
	if r := must("status", "INC-2046"); !strings.Contains(r.stdout, "⚠ signature does not verify: it was signed to follow nothing (the first status change of INC-2046), but follows ST-2") {
		t.Errorf("status lists the replayed change as:\n%s", r.stdout)
	}
	r = signoff(t, path, "", "--policy", policy, "verify", "--signers", signers)
	if r.code != 1 || !strings.Contains(r.stderr, "verdict by mara on S1 of INC-2041") {
		t.Fatalf("verify --signers: exit %d\n%s", r.code, r.stderr)
	}
	findings := signoff(t, path, "", "--policy", policy, "findings", "INC-2046")
	if !strings.Contains(findings.stdout+findings.stderr, "SOAR-7 marked the incident contained") ||
		!strings.Contains(findings.stdout+findings.stderr, "signed to follow nothing (the first status change of INC-2046), but follows ST-2") {
		t.Errorf("findings of the replayed status change:\n%s%s", findings.stdout, findings.stderr)
	}
}

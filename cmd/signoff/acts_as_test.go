package main

import (
	"strings"
	"testing"
)

// --as naming the stored "josé" in NFD neither acts as that person nor
// creates another: the command is refused naming the person it reads like.
func TestActingAsAnIDThatReadsLikeAStoredPersonIsRefused(t *testing.T) {
	path := tempDB(t)
	stream := `{"record": "incident", "format": "signoff.incident/v1", "id": "INC-7", "title": "t", "severity": "sev3", "status": "open", "opened_at": "2026-02-12T08:00:00Z", "commander": "jos\u00e9"}
{"record": "person", "id": "jos\u00e9", "name": "José", "authority": "high"}
{"record": "agent", "id": "triage", "name": "Triage", "role": "triage"}
{"record": "asset", "id": "ci-key", "kind": "key"}
{"record": "event", "id": "S1", "at": "2026-02-12T08:10:00Z", "kind": "suggestion", "agent": "triage", "action": {"type": "disable_account", "target": "ci-key"}, "confidence": 0.7}
`
	if r := signoff(t, path, stream, "import", "-"); r.code != 0 {
		t.Fatalf("import: exit %d: %s", r.code, r.stderr)
	}
	want := "\"jose\u0301\" (spelt \"jose\\u0301\") is not a person of incident INC-7, though it reads like its person \"jos\u00e9\" (spelt \"jos\\u00e9\")"
	for _, args := range [][]string{
		{"approve", "INC-7/S1", "--rationale", "r"},
		{"annotate", "INC-7/S1", "--verdict", "none", "--outcome-changed", "no", "--ai-correct", "unknown"},
	} {
		r := signoff(t, path, "", append([]string{"--as", "jose\u0301"}, args...)...)
		if r.code == 0 || !strings.Contains(r.stderr, want) {
			t.Errorf("%s: exit %d, stderr %q; want a refusal with %q", args[0], r.code, r.stderr, want)
		}
	}
	r := signoff(t, path, "", "export", "INC-7")
	if r.code != 0 || strings.Contains(r.stdout, "jose\u0301") || strings.Contains(r.stdout, `jose\u0301`) {
		t.Errorf("export: exit %d; the refused acts left a trace of the NFD name: %s", r.code, r.stdout)
	}
}

// $SIGNOFF_USER is held to what --as is: a value that is no person's id
// (a space, an escape sequence) is refused before the command runs,
// quoted with its escapes shown, saying what an id may hold.
func TestASIGNOFF_USERThatIsNoIDIsRefusedQuoted(t *testing.T) {
	path := demoDB(t)
	for _, c := range []struct{ env, want string }{
		{"bob smith", `$SIGNOFF_USER "bob smith" is not a person's id`},
		{"mara\x1b[2J", `$SIGNOFF_USER "mara\x1b[2J" is not a person's id`},
		{"ops/mara", `$SIGNOFF_USER "ops/mara" is not a person's id`},
	} {
		t.Setenv("SIGNOFF_USER", c.env)
		r := signoff(t, path, "", "defer", "INC-2046/S3", "--rationale", "later")
		if r.code != 2 || !strings.Contains(r.stderr, c.want) || !strings.Contains(r.stderr, "no spaces, control or invisible formatting characters") {
			t.Errorf("SIGNOFF_USER=%q: exit %d, stderr %q; want exit 2 saying %q and what an id may hold", c.env, r.code, r.stderr, c.want)
		}
		if strings.Contains(r.stderr, "\x1b") {
			t.Errorf("SIGNOFF_USER=%q: the escape reaches the terminal: %q", c.env, r.stderr)
		}
	}
	t.Setenv("SIGNOFF_USER", "mara\x1b[2J")
	if r := signoff(t, path, "", "--as", "mara", "incidents"); r.code != 0 {
		t.Errorf("--as given: exit %d, %q; want $SIGNOFF_USER left aside", r.code, r.stderr)
	}
}

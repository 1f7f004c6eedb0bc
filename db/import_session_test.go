package db

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// someKey is a well-formed fingerprint: the shape check passes, so only the
// import's own rule can refuse it.
const someKey = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

// The export's lines of session keys: one before another field, and one
// that ends its record (the comma before it goes with it).
var (
	sessionKeyLine = regexp.MustCompile(`(?m)^ *"session_key": "[^"]*",\n`)
	sessionKeyLast = regexp.MustCompile(`,\n *"session_key": "[^"]*"\n`)
)

// withoutSessionKeys is an export with its session keys dropped, as
// jq 'del(.. | .session_key?)' drops them, in the export's own layout.
func withoutSessionKeys(t *testing.T, exported []byte) []byte {
	t.Helper()
	out := sessionKeyLast.ReplaceAll(sessionKeyLine.ReplaceAll(exported, nil), []byte("\n"))
	if bytes.Contains(out, []byte(`"session_key"`)) {
		t.Fatalf("a session key is left in %s", out)
	}
	return out
}

// An imported file cannot prove that anyone logged in with a key: a
// session key on any record of a stream is refused, naming the line and
// the record, and nothing of the file is stored.
func TestAnImportCannotGiveASessionKey(t *testing.T) {
	for _, c := range []struct {
		name, line, want string
	}{
		{"on a decision", `{"record": "event", "id": "D-F1", "at": "2026-11-25T09:30:00Z", "kind": "decision", "suggestion": "S4", "owner": "alice", "outcome": "rejected", "rationale": "no", "session_key": "` + someKey + `"}`,
			`feed.ndjson line 3: decision D-F1: field "session_key" is refused`},
		{"on an approval", `{"record": "event", "id": "D-F1", "at": "2026-11-25T09:30:00Z", "kind": "decision", "suggestion": "S4", "owner": "alice", "outcome": "rejected", "rationale": "no", "approvals": [{"by": "dave", "at": "2026-11-25T09:29:00Z", "session_key": "` + someKey + `"}]}`,
			`feed.ndjson line 3: decision D-F1, the approval by "dave": field "session_key" is refused`},
		{"on a verdict", `{"record": "review", "subject": "S1", "reviewer": "mara", "at": "2026-11-25T09:30:00Z", "verdict": "followed", "outcome_changed": "no", "ai_correct": "yes", "note": "ok", "session_key": "` + someKey + `"}`,
			`feed.ndjson line 3: review of S1 by "mara": field "session_key" is refused`},
		{"on a status change", `{"record": "status", "id": "SOAR-9", "status": "contained", "by": "alice", "at": "2026-11-25T09:30:00Z", "rationale": "isolated", "session_key": "` + someKey + `"}`,
			`feed.ndjson line 3: status change SOAR-9: field "session_key" is refused`},
	} {
		t.Run("a session key "+c.name+" is refused", func(t *testing.T) {
			d := openQueueOnItsDay(t)
			before := chainHead(t, d)
			note := `{"record": "event", "id": "N-F1", "at": "2026-11-25T09:20:00Z", "kind": "note", "actor": "feed", "summary": "before"}`
			_, err := statusStream(t, d, note, c.line)
			wantError(t, err, model.EINVALID, c.want)
			if !strings.Contains(err.Error(), "signoff copy") {
				t.Errorf("the refusal does not say how to keep session keys: %v", err)
			}
			if chainHead(t, d) != before {
				t.Error("a refused import wrote to the record")
			}
		})
	}
}

// A decision made in a signoff serve session carries its session key in
// the export, which import refuses as it would any file's, naming the
// record; the export with its session keys dropped imports, and the
// signoff copy route (copy_test.go) carries them with the chain.
func TestAnExportWithSessionKeysIsRefusedAndImportsWithoutThem(t *testing.T) {
	ctx := context.Background()
	d := openQueueOnItsDay(t)
	req := model.DecideRequest{Incident: "INC-2046", Suggestion: "S4", Person: "alice", Outcome: model.OutcomeRejected,
		Rationale: "the VM is evidence", Evidence: []string{"EV-2"}, SessionKey: someKey}
	if _, err := d.Decide(ctx, req, rules); err != nil {
		t.Fatal(err)
	}
	exported := exportOf(t, d, "INC-2046")
	other := openTest(t, onQueueDay)
	_, err := other.ImportDocument(ctx, "export.json", bytes.NewReader(exported), "importer")
	wantError(t, err, model.EINVALID, `decision D-S4: field "session_key" is refused`)
	if !regexp.MustCompile(`^export\.json line \d+: `).MatchString(err.Error()) {
		t.Errorf("the refusal does not name the line: %v", err)
	}
	if _, err := other.Document(ctx, "INC-2046"); code(err) != model.ENOTFOUND {
		t.Fatalf("the refused document was stored: %v", err)
	}
	stripped := withoutSessionKeys(t, exported)
	if _, err := other.ImportDocument(ctx, "export.json", bytes.NewReader(stripped), "importer"); err != nil {
		t.Fatalf("the export without session keys does not import: %v", err)
	}
	if again := exportOf(t, other, "INC-2046"); !bytes.Equal(again, stripped) {
		t.Error("export → import (without session keys) → export differs")
	}
}

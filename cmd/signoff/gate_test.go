package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
	"github.com/signoff/signoff/review"
)

const gateMap = "../../fixtures/gate-map.toml"

func gateArgs(agent string, f gate.Format, extra ...string) []string {
	return append([]string{"gate", "--incident", "INC-7", "--agent", agent, "--from", string(f), "--map", gateMap}, extra...)
}

func TestGateAnswersClaudeCodeWithThePersonsDecision(t *testing.T) {
	cases := []struct {
		name   string
		decide []string
		answer string
	}{
		{"an approval allows the call, naming the owner and rationale",
			[]string{"--as", "priya", "approve", "INC-7/S-toolu_01Bash", "--rationale", "single source, cheap to block"}, "answer-approved.json"},
		{"a modification allows the changed call",
			[]string{"--as", "tomas", "approve", "INC-7/S-toolu_01Bash", "--rationale", "insert it first, before the VPN accept rule",
				"--action-detail", "iptables -I INPUT 1 -s 203.0.113.7 -j DROP"}, "answer-modified.json"},
		{"a rejection denies the call",
			[]string{"--as", "priya", "reject", "INC-7/S-toolu_01Bash", "--rationale", "the source is our pen-test vendor"}, "answer-rejected.json"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := gateDB(t)
			g := start(t, path, "testdata/gate/claude-code/pretooluse-bash.json", gateArgs("claude", gate.ClaudeCode)...)
			awaitPending(t, path, g, "S-toolu_01Bash")
			time.Sleep(150 * time.Millisecond)
			if g.exited() {
				t.Fatalf("the gate answered before anyone decided: %s", g.stdout.String())
			}
			decideIn(t, path, tc.decide...)
			if code := g.wait(t); code != 0 {
				t.Fatalf("gate exit %d: %s", code, g.stderr.String())
			}
			if got, want := g.stdout.String(), golden(t, "claude-code/"+tc.answer); got != want {
				t.Errorf("answer\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestGateAnswersLangChainInTheOrderAsked(t *testing.T) {
	path := gateDB(t)
	g := start(t, path, "testdata/gate/langchain-hitl/interrupt.json", gateArgs("soc-agent", gate.LangChainHITL)...)
	deadline := time.Now().Add(30 * time.Second)
	var ids []string
	for len(ids) < 2 {
		if ids = pendingIDs(t, path); time.Now().After(deadline) || g.exited() {
			t.Fatalf("the two actions never became pending: %v, %s", ids, g.stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	var block, account string
	for _, id := range ids {
		switch {
		case strings.HasSuffix(id, "-1"):
			block = id
		case strings.HasSuffix(id, "-2"):
			account = id
		}
	}
	// The interrupt does not allow editing disable_account: refused now.
	r := signoff(t, path, "", "--as", "priya", "approve", "INC-7/"+account, "--rationale", "r", "--action-detail", "svc-other")
	if r.code != 2 || !strings.Contains(r.stderr, "it came from LangChain, whose request allows only approve, reject or defer; it cannot be modified") {
		t.Fatalf("an edit LangChain does not allow: exit %d, %s", r.code, r.stderr)
	}
	decideIn(t, path, "--as", "priya", "reject", "INC-7/"+account, "--rationale", "the sync account feeds payroll; rotate its password instead")
	time.Sleep(150 * time.Millisecond)
	if g.exited() {
		t.Fatalf("the gate answered with one of two actions decided: %s", g.stdout.String())
	}
	// An edit that moves the block to another target is recorded, but the
	// gate does not run it: the decision's target stays 203.0.113.7.
	decideIn(t, path, "--as", "tomas", "approve", "INC-7/"+block, "--rationale", "the source rotates within its /24",
		"--action-detail", "203.0.113.0/24")
	if code := g.wait(t); code != 0 {
		t.Fatalf("gate exit %d: %s", code, g.stderr.String())
	}
	if got, want := g.stdout.String(), golden(t, "langchain-hitl/answer-edit-reject.json"); got != want {
		t.Errorf("answer\n got %s\nwant %s", got, want)
	}
}

func TestGateAnswersOpenAIMCPApprovals(t *testing.T) {
	for _, tc := range []struct {
		name, verb, rationale, answer string
	}{
		{"an approval approves", "approve", "beaconing confirmed in the EDR console", "answer-approved.json"},
		{"a rejection says why", "reject", "web-03 serves the status page; block the destination instead", "answer-rejected.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := gateDB(t)
			id := "S-mcpr_68a1d2b0c3e48190a7b5c6d7e8f90123"
			g := start(t, path, "testdata/gate/openai-mcp/mcp_approval_request.json", gateArgs("responder", gate.OpenAIMCP)...)
			awaitPending(t, path, g, id)
			r := signoff(t, path, "", "--as", "priya", "approve", "INC-7/"+id, "--rationale", "r", "--action-detail", `{"host":"web-04"}`)
			if r.code != 2 || !strings.Contains(r.stderr, "it cannot be modified") {
				t.Fatalf("a modification an MCP approval cannot carry: exit %d, %s", r.code, r.stderr)
			}
			decideIn(t, path, "--as", "priya", tc.verb, "INC-7/"+id, "--rationale", tc.rationale)
			if code := g.wait(t); code != 0 {
				t.Fatalf("gate exit %d: %s", code, g.stderr.String())
			}
			if got, want := g.stdout.String(), golden(t, "openai-mcp/"+tc.answer); got != want {
				t.Errorf("answer\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestGateThatRunsOutOfTimeSaysSoToTheAgentAndTheRecord(t *testing.T) {
	for _, tc := range []struct {
		name, agent string
		f           gate.Format
		input, id   string
		answer      string
		told        string
	}{
		{"claude code is told to ask its user", "claude", gate.ClaudeCode, "testdata/gate/claude-code/pretooluse-bash.json",
			"S-toolu_01Bash", "claude-code/answer-timeout.json", "was told to ask its user"},
		{"openai is told no", "responder", gate.OpenAIMCP, "testdata/gate/openai-mcp/mcp_approval_request.json",
			"S-mcpr_68a1d2b0c3e48190a7b5c6d7e8f90123", "openai-mcp/answer-timeout.json", "was told no"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := gateDB(t)
			g := start(t, path, tc.input, gateArgs(tc.agent, tc.f, "--wait", "1s")...)
			if code := g.wait(t); code != 0 {
				t.Fatalf("gate exit %d: %s", code, g.stderr.String())
			}
			if got, want := g.stdout.String(), golden(t, tc.answer); got != want {
				t.Errorf("answer\n got %s\nwant %s", got, want)
			}
			doc := exportDoc(t, path)
			var note *model.Event
			for i, e := range doc.Events {
				if e.Kind == model.KindNote && strings.Contains(e.Summary, tc.id) {
					note = &doc.Events[i]
				}
			}
			if note == nil || !strings.Contains(note.Summary, "No decision on "+tc.id+" within 1s") || !strings.Contains(note.Summary, tc.told) {
				t.Fatalf("the record does not say what the agent was told: %+v", note)
			}
			if r := signoff(t, path, "", "pending", "--json"); !strings.Contains(r.stdout, `"expired": true`) {
				t.Errorf("pending does not say the call expired: %s", r.stdout)
			}
			r := signoff(t, path, "", "--as", "priya", "approve", "INC-7/"+tc.id, "--rationale", "too late")
			if r.code != 2 || !strings.Contains(r.stderr, "expired") {
				t.Errorf("a late approval of a call the agent was told about: exit %d, %s", r.code, r.stderr)
			}
		})
	}
}

func TestGateAllowsAPreAuthorisedCallAtOnceAndRecordsItsRun(t *testing.T) {
	path := gateDB(t)
	g := start(t, path, "testdata/gate/claude-code/pretooluse-read.json", gateArgs("claude", gate.ClaudeCode, "--wait", "1h")...)
	if code := g.wait(t); code != 0 {
		t.Fatalf("gate exit %d: %s", code, g.stderr.String())
	}
	if got, want := g.stdout.String(), golden(t, "claude-code/answer-preauthorised.json"); got != want {
		t.Errorf("answer\n got %s\nwant %s", got, want)
	}
	doc := exportDoc(t, path)
	var run *model.Event
	for i, e := range doc.Events {
		if e.ID == "P-S-toolu_02Read" {
			run = &doc.Events[i]
		}
	}
	if run == nil || run.Kind != model.KindExecution || run.Suggestion != "S-toolu_02Read" || run.Actor != "claude" || !run.Automated ||
		!strings.Contains(run.Summary, "pre-authorised by policy default_policy.toml") {
		t.Fatalf("the run the policy allowed is not recorded: %+v", run)
	}
	if ids := pendingIDs(t, path); len(ids) != 0 {
		t.Errorf("a pre-authorised call waits in the queue: %v", ids)
	}
}

func TestGateNeverPreAuthorisesAnUnmappedTool(t *testing.T) {
	path := gateDB(t)
	in := `{"hook_event_name":"PreToolUse","tool_name":"WebFetch","tool_input":{"url":"https://example.com"},"tool_use_id":"toolu_9"}`
	g := start(t, path, in, gateArgs("claude", gate.ClaudeCode, "--wait", "1s")...)
	awaitPending(t, path, g, "S-toolu_9")
	r := signoff(t, path, "", "pending", "--json")
	var lines []pendingLine
	if err := json.Unmarshal([]byte(r.stdout), &lines); err != nil || len(lines) != 1 {
		t.Fatalf("pending: %v %s", err, r.stdout)
	}
	if l := lines[0]; l.Action.Type != "tool:WebFetch" || l.Tier != model.TierHigh || l.Class != model.ClassContainment ||
		l.Action.Detail != `{"url":"https://example.com"}` {
		t.Errorf("the unmapped tool is %+v", l)
	}
	g.wait(t)
	// High tier: not put to the agent's user when nobody decided it.
	if !strings.Contains(g.stdout.String(), `"permissionDecision":"deny"`) || !strings.Contains(g.stdout.String(), "a high-tier action is not left to the agent's user") {
		t.Errorf("answer %s", g.stdout.String())
	}
}

// The gate adds no assets: one an agent's call made would fix the id as
// unprivileged for good (assets are append-only), so the team could never
// record its own host or address as privileged, and every later action
// on it would be judged a tier lower.
func TestGateAddsNoAssetSoTheTeamCanRecordItPrivileged(t *testing.T) {
	path := gateDB(t)
	g := start(t, path, "testdata/gate/claude-code/pretooluse-bash.json", gateArgs("claude", gate.ClaudeCode, "--wait", "1s")...)
	g.wait(t)
	doc := exportDoc(t, path)
	for _, a := range doc.Assets {
		if a.ID == "203.0.113.7" {
			t.Fatalf("the gate added the target as an asset: %+v", a)
		}
	}
	sug, err := eventOf(t, path, "S-toolu_01Bash")
	if err != nil {
		t.Fatal(err)
	}
	if sug.Action == nil || sug.Action.Target != "" || !strings.Contains(sug.Summary, "on 203.0.113.7, not an asset of the incident") {
		t.Fatalf("the suggestion does not say its target is no asset: %+v %+v", sug, sug.Action)
	}
	team := `{"record":"incident","format":"signoff.incident/v1","id":"INC-7","title":"Credential stuffing on the VPN","severity":"sev2","status":"open","opened_at":"2026-11-30T08:00:00Z","commander":"priya","summary":"A single source tries leaked passwords against the VPN portal."}
{"record":"asset","id":"203.0.113.7","kind":"ip","owner":"priya","privileged":true,"summary":"the partner's VPN concentrator"}
`
	if r := signoff(t, path, team, "import", "-"); r.code != 0 {
		t.Fatalf("the team cannot record the asset after the gate saw it: %s", r.stderr)
	}
	again := strings.Replace(golden(t, "claude-code/pretooluse-bash.json"), "toolu_01Bash", "toolu_02Bash", 1)
	g = start(t, path, again, gateArgs("claude", gate.ClaudeCode, "--wait", "60s")...)
	awaitPending(t, path, g, "S-toolu_02Bash")
	r := signoff(t, path, "", "pending", "--json")
	var lines []pendingLine
	if err := json.Unmarshal([]byte(r.stdout), &lines); err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		if l.ID == "S-toolu_02Bash" && (l.Tier != model.TierHigh || l.Action.Target != "203.0.113.7") {
			t.Errorf("a block of the privileged asset is %s on %q, not high on it", l.Tier, l.Action.Target)
		}
	}
}

func TestGateResultRecordsWhatRanAgainstTheDecision(t *testing.T) {
	path := gateDB(t)
	g := start(t, path, "testdata/gate/claude-code/pretooluse-bash.json", gateArgs("claude", gate.ClaudeCode)...)
	awaitPending(t, path, g, "S-toolu_01Bash")
	decideIn(t, path, "--as", "tomas", "approve", "INC-7/S-toolu_01Bash", "--rationale", "insert it first",
		"--action-detail", "iptables -I INPUT 1 -s 203.0.113.7 -j DROP")
	g.wait(t)
	post := start(t, path, "testdata/gate/claude-code/posttooluse-bash.json",
		"gate", "--incident", "INC-7", "--agent", "claude", "--from", "claude-code", "--map", gateMap, "--result")
	if code := post.wait(t); code != 0 || post.stdout.Len() != 0 {
		t.Fatalf("--result: exit %d, stdout %q, stderr %s", code, post.stdout.String(), post.stderr.String())
	}
	x, err := eventOf(t, path, "X-S-toolu_01Bash")
	if err != nil {
		t.Fatal(err)
	}
	if x.Kind != model.KindExecution || x.Decision != "D-S-toolu_01Bash" || x.Result != "succeeded" || x.Actor != "claude" || !x.Automated {
		t.Errorf("the execution: %+v", x)
	}
	again := start(t, path, "testdata/gate/claude-code/posttoolusefailure-bash.json",
		"gate", "--incident", "INC-7", "--agent", "claude", "--from", "claude-code", "--result")
	if code := again.wait(t); code != 2 {
		t.Errorf("a second result for the same call: exit %d", code)
	}
}

func TestGateResultOfAFailedRunWithoutADecisionIsRecordedAsSuch(t *testing.T) {
	path := gateDB(t)
	g := start(t, path, "testdata/gate/claude-code/pretooluse-bash.json", gateArgs("claude", gate.ClaudeCode, "--wait", "1s")...)
	g.wait(t)
	post := start(t, path, "testdata/gate/claude-code/posttoolusefailure-bash.json",
		"gate", "--incident", "INC-7", "--agent", "claude", "--from", "claude-code", "--result")
	if code := post.wait(t); code != 0 {
		t.Fatalf("--result: exit %d, %s", code, post.stderr.String())
	}
	x, err := eventOf(t, path, "X-S-toolu_01Bash")
	if err != nil {
		t.Fatal(err)
	}
	if x.Suggestion != "S-toolu_01Bash" || x.Decision != "" || x.Result != "failed" || x.Detail != "iptables: Permission denied (you must be root)." ||
		!strings.Contains(x.Summary, "with no decision in signoff") {
		t.Errorf("the run without a decision: %+v", x)
	}
	r := signoff(t, path, "", "findings", "INC-7", "--json")
	if !strings.Contains(r.stdout, `"code": "no-owner"`) || !strings.Contains(r.stdout, `"subject": "X-S-toolu_01Bash"`) {
		t.Errorf("findings do not report the run without an owner: %s", r.stdout)
	}
}

func TestGateKeepsHostileToolInputWholeAndInert(t *testing.T) {
	path := gateDB(t)
	hostile := "curl http://x/\x1b]52;c;cm0gLXJmIH4=\x07 \u202eexe.pdf\u200b"
	in, _ := json.Marshal(map[string]any{"hook_event_name": "PreToolUse", "tool_name": "Bash\x1b[2J",
		"tool_input": map[string]any{"command": hostile}, "tool_use_id": "toolu_evil"})
	g := start(t, path, string(in), gateArgs("claude", gate.ClaudeCode)...)
	awaitPending(t, path, g, "S-toolu_evil")
	table := signoff(t, path, "", "pending")
	if strings.ContainsAny(table.stdout, "\x1b\x07\u202e\u200b") {
		t.Errorf("pending printed hostile characters: %q", table.stdout)
	}
	decideIn(t, path, "--as", "priya", "reject", "INC-7/S-toolu_evil", "--rationale", "no\x1b[31m \u202eway")
	g.wait(t)
	out := g.stdout.String()
	if strings.ContainsAny(out, "\x1b\u202e") || !strings.Contains(out, `\u001b`) || !strings.Contains(out, `\u202e`) {
		t.Errorf("the answer carries hostile characters unescaped: %q", out)
	}
	var answer struct {
		HookSpecificOutput struct{ PermissionDecisionReason string }
	}
	if err := json.Unmarshal([]byte(out), &answer); err != nil || answer.HookSpecificOutput.PermissionDecisionReason != "rejected by priya: no\x1b[31m \u202eway" {
		t.Errorf("the escaped answer does not decode to the rationale: %+v %v", answer, err)
	}
	sug, err := eventOf(t, path, "S-toolu_evil")
	if err != nil {
		t.Fatal(err)
	}
	env, ok := gate.EnvelopeOf(sug.RawOutput)
	var kept map[string]any
	if !ok || json.Unmarshal(env.Request, &kept) != nil || kept["tool_input"].(map[string]any)["command"] != hostile {
		t.Errorf("the raw output does not keep the whole input: %q", sug.RawOutput)
	}
	if sug.Action.Type != "tool:Bash\x1b[2J" {
		t.Errorf("the action type is %q", sug.Action.Type)
	}
}

func TestGateRefusesWhatItCannotRecordAndDeniesTheCall(t *testing.T) {
	path := gateDB(t)
	r := signoff(t, path, golden(t, "claude-code/pretooluse-bash.json"),
		"gate", "--incident", "INC-7", "--agent", "nobody", "--from", "claude-code")
	if r.code != 2 || !strings.Contains(r.stderr, "nobody is not an agent of incident INC-7") {
		t.Fatalf("an unknown agent: exit %d, %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, `"permissionDecision":"deny"`) || !strings.Contains(r.stdout, "signoff could not record or decide this call: nobody is not an agent") {
		t.Errorf("the call is not denied: %s", r.stdout)
	}
	r = signoff(t, path, "not json", "gate", "--incident", "INC-7", "--agent", "claude", "--from", "claude-code")
	if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "not valid JSON") {
		t.Errorf("a request it cannot read: exit %d, %q, %s", r.code, r.stdout, r.stderr)
	}
	r = signoff(t, path, `{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"rm `+"\xff"+` x"},"tool_use_id":"toolu_bad"}`,
		"gate", "--incident", "INC-7", "--agent", "claude", "--from", "claude-code")
	if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "the Claude Code hook input is not valid UTF-8 (byte 0xFF at offset 79)") {
		t.Errorf("a request that is not UTF-8: exit %d, %q, %s", r.code, r.stdout, r.stderr)
	}
	if p := signoff(t, path, "", "pending"); strings.Contains(p.stdout, "toolu_bad") {
		t.Errorf("a request that is not UTF-8 was recorded: %s", p.stdout)
	}
	r = signoff(t, path, "{}", "gate", "--incident", "INC-7", "--agent", "claude", "--from", "autogen")
	if r.code != 2 || !strings.Contains(r.stderr, `"autogen" is not a gate format`) {
		t.Errorf("an unknown format: exit %d, %s", r.code, r.stderr)
	}
}

// TestFiftyGatesAtOnceAreEachAnsweredOnce: an agent fans out; fifty gates
// wait on one incident while this process, sharing the database as the
// queue does, approves each as it appears.
func TestFiftyGatesAtOnceAreEachAnsweredOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts fifty processes")
	}
	path := gateDB(t)
	const n = 50
	gates := make([]*running, n)
	for i := range gates {
		in := fmt.Sprintf(`{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"iptables -A INPUT -s 198.51.100.%d -j DROP"},"tool_use_id":"toolu_fan%02d"}`, i+1, i)
		gates[i] = start(t, path, in, gateArgs("claude", gate.ClaudeCode)...)
	}
	ctx := context.Background()
	store, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	check := review.DecisionChecker(review.DefaultPolicy())
	decided := map[string]bool{}
	deadline := time.Now().Add(2 * time.Minute)
	for len(decided) < n && time.Now().Before(deadline) {
		q, err := store.PendingQueue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range q.Items {
			if decided[it.Suggestion] {
				continue
			}
			_, err := store.Decide(ctx, model.DecideRequest{Incident: "INC-7", Suggestion: it.Suggestion, Person: "tomas",
				Outcome: model.OutcomeApproved, Rationale: "fan-out " + it.Suggestion}, check)
			if err != nil {
				t.Fatalf("deciding %s: %v", it.Suggestion, err)
			}
			decided[it.Suggestion] = true
		}
		time.Sleep(20 * time.Millisecond)
	}
	var wg sync.WaitGroup
	for i, g := range gates {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if code := g.wait(t); code != 0 {
				t.Errorf("gate %d: exit %d: %s", i, code, g.stderr.String())
			}
		}()
	}
	wg.Wait()
	for i, g := range gates {
		want := fmt.Sprintf(`{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"allow","permissionDecisionReason":"approved by tomas: fan-out S-toolu_fan%02d"}}`+"\n", i)
		if got := g.stdout.String(); got != want {
			t.Errorf("gate %d answered %q", i, got)
		}
	}
	doc := exportDoc(t, path)
	count := map[model.EventKind]int{}
	for _, e := range doc.Events {
		count[e.Kind]++
	}
	if count[model.KindSuggestion] != n || count[model.KindDecision] != n || count[model.KindNote] != 0 {
		t.Errorf("recorded %v; want %d suggestions and %d decisions, no notes", count, n, n)
	}
	if r := signoff(t, path, "", "verify"); r.code != 0 {
		t.Errorf("verify: %s", r.stderr)
	}
}

func exportDoc(t *testing.T, path string) model.Document {
	t.Helper()
	return exportDocOf(t, path, "INC-7")
}

func exportDocOf(t *testing.T, path, incident string) model.Document {
	t.Helper()
	r := signoff(t, path, "", "export", incident)
	var doc model.Document
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("export: %v: %s", err, r.stderr)
	}
	return doc
}

func eventOf(t *testing.T, path, id string) (model.Event, error) {
	t.Helper()
	for _, e := range exportDoc(t, path).Events {
		if e.ID == id {
			return e, nil
		}
	}
	return model.Event{}, fmt.Errorf("no event %s", id)
}

func TestAGateRunAgainForTheSameCallWaitsOnTheFirstRunsSuggestion(t *testing.T) {
	path := gateDB(t)
	read := "testdata/gate/claude-code/pretooluse-read.json"
	first := start(t, path, read, "gate", "--incident", "INC-7", "--agent", "claude", "--from", "claude-code", "--wait", "1h")
	awaitPending(t, path, first, "S-toolu_02Read")
	first.cmd.Process.Kill()
	first.wait(t)
	// Run again with a mapping that would pre-authorise the call: the
	// first run recorded it as waiting for a person, so it still does.
	again := start(t, path, read, gateArgs("claude", gate.ClaudeCode, "--wait", "1h")...)
	time.Sleep(300 * time.Millisecond)
	if again.exited() {
		t.Fatalf("the second run answered at once: %s %s", again.stdout.String(), again.stderr.String())
	}
	decideIn(t, path, "--as", "priya", "reject", "INC-7/S-toolu_02Read", "--rationale", "not that log")
	again.wait(t)
	if !strings.Contains(again.stdout.String(), `"permissionDecision":"deny","permissionDecisionReason":"rejected by priya: not that log"`) {
		t.Errorf("answer %s", again.stdout.String())
	}
	n := 0
	for _, e := range exportDoc(t, path).Events {
		if e.Kind == model.KindSuggestion {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d suggestions for one call", n)
	}
}

// A status change records the status in force beside the incident as
// imported: the gate's records still join the incident, and its result
// too.
func TestGateGoesOnAfterTheIncidentsStatusChanged(t *testing.T) {
	path := gateDB(t)
	if r := signoff(t, path, "", "--as", "priya", "status", "INC-7", "contained", "--rationale", "blocked at the edge"); r.code != 0 {
		t.Fatalf("status: %s", r.stderr)
	}
	g := start(t, path, "testdata/gate/claude-code/pretooluse-read.json", gateArgs("claude", gate.ClaudeCode, "--wait", "1h")...)
	if code := g.wait(t); code != 0 {
		t.Fatalf("gate exit %d after a status change: %s", code, g.stderr.String())
	}
	if !strings.Contains(g.stdout.String(), `"permissionDecision":"allow"`) {
		t.Errorf("answer %s", g.stdout.String())
	}
	// The result of a call, recorded with the change in force.
	asked := start(t, path, "testdata/gate/claude-code/pretooluse-bash.json", gateArgs("claude", gate.ClaudeCode, "--wait", "1s")...)
	asked.wait(t)
	post := start(t, path, "testdata/gate/claude-code/posttoolusefailure-bash.json",
		"gate", "--incident", "INC-7", "--agent", "claude", "--from", "claude-code", "--result")
	if code := post.wait(t); code != 0 {
		t.Errorf("--result after a status change: exit %d, %s", code, post.stderr.String())
	}
}

// The line the gate's result prints names the call by its id, which the
// agent chose: an id of letters safetext marks (U+3164 passes the id rule)
// is shown marked, not as an id that reads like another.
func TestGateResultNamesAnIdOfHiddenLettersVisibly(t *testing.T) {
	path := gateDB(t)
	id := "toolu_\u3164x"
	pre := start(t, path, `{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"id"},"tool_use_id":"`+id+`"}`,
		gateArgs("claude", gate.ClaudeCode, "--wait", "1s")...)
	pre.wait(t)
	post := start(t, path, `{"hook_event_name":"PostToolUseFailure","tool_name":"Bash","tool_input":{"command":"id"},"error":"no","tool_use_id":"`+id+`"}`, "gate", "--incident", "INC-7", "--agent", "claude", "--from", "claude-code", "--result")
	if code := post.wait(t); code != 0 {
		t.Fatalf("--result: exit %d, %s", code, post.stderr.String())
	}
	if err := terminalSafe(post.stderr.String()); err != nil {
		t.Error(err)
	}
}

// A request under the gate's 16 MiB whose call makes a record longer than
// a stream line may be was refused by the import with "line 2: the line
// is longer than 16 MiB", naming a line of a file the person never saw.
func TestGateRefusesACallTooLargeToRecordSayingSo(t *testing.T) {
	path := gateDB(t)
	in := `{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"echo ` + strings.Repeat(`\"`, 5<<20) + `"},"tool_use_id":"toolu_big"}`
	g := start(t, path, in, gateArgs("claude", gate.ClaudeCode, "--wait", "1s")...)
	if code := g.wait(t); code != exitUsage || !strings.Contains(g.stderr.String(), "the request is too large to record") {
		t.Errorf("exit %d, stderr %q; want %d and that the request is too large to record", code, g.stderr.String(), exitUsage)
	}
	if ids := pendingIDs(t, path); len(ids) != 0 {
		t.Errorf("pending after the refusal: %v", ids)
	}
}

package review

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var testChain = ChainStatus{Verified: true, Head: "3f9a0c1e5b7d2a4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d", Entries: 42}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./review -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test ./review -update and review the diff", path)
	}
}

func reportJSON(t *testing.T, r Report) []byte {
	t.Helper()
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func TestReportGolden(t *testing.T) {
	docs := map[string]model.Document{"steps": stepsDoc(t), "hostile": hostileDoc(t, evil)}
	for _, name := range fixtures.Incidents() {
		d, err := fixtures.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		docs[strings.TrimSuffix(name, ".json")] = d
	}
	names := make([]string, 0, len(docs))
	for n := range docs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name+" renders as its golden files", func(t *testing.T) {
			r := BuildReport(docs[name], DefaultPolicy(), testChain)
			golden(t, name+".json", reportJSON(t, r))
			golden(t, name+".md", []byte(r.Markdown()))
			again := BuildReport(docs[name], DefaultPolicy(), testChain)
			if r.Markdown() != again.Markdown() || !bytes.Equal(reportJSON(t, r), reportJSON(t, again)) {
				t.Error("two reports of the same incident differ")
			}
		})
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestReportJSONHasExactlyTheSpecShape(t *testing.T) {
	r := BuildReport(stepsDoc(t), DefaultPolicy(), testChain)
	var top map[string]any
	if err := json.Unmarshal(reportJSON(t, r), &top); err != nil {
		t.Fatal(err)
	}
	steps := top["steps"].([]any)
	s1 := steps[0].(map[string]any)
	d9 := steps[1].(map[string]any)
	cases := []struct {
		name      string
		got, want any
	}{
		// status_history and trust are signoff's additions (docs/DECISIONS.md).
		{"the top level has the SPEC keys and the status history", keys(top), []string{"chain", "coverage", "findings", "incident", "status_history", "steps", "trust"}},
		{"an incident without status changes has an empty history", top["status_history"], []any{}},
		{"a step has the SPEC keys", keys(s1), []string{"decision", "executions", "findings", "history", "proposed_verdict", "review", "subject", "suggestion", "tier"}},
		{"a review has the SPEC keys", keys(s1["review"].(map[string]any)), []string{"ai_correct", "at", "note", "outcome_changed", "reviewer", "verdict"}},
		{"the review is the latest verdict", s1["review"].(map[string]any)["verdict"], "modified"},
		{"the history keeps every verdict", len(s1["history"].([]any)), 2},
		{"an unreviewed step has a null review", d9["review"], nil},
		{"a step without suggestion has a null suggestion", d9["suggestion"], nil},
		{"an empty history is an empty list", d9["history"], []any{}},
		{"coverage has reviewed and total", top["coverage"], map[string]any{"reviewed": 2.0, "total": 3.0}},
		{"chain has verified and head", keys(top["chain"].(map[string]any)), []string{"head", "verified"}},
		{"a finding has code, level, subject and message", keys(top["findings"].([]any)[0].(map[string]any)), []string{"code", "level", "message", "subject"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !reflect.DeepEqual(tc.got, tc.want) {
				t.Errorf("got %#v, want %#v", tc.got, tc.want)
			}
		})
	}
}

const evil = "x](javascript:alert(1)) `code` <b>hi</b>\n# Owned\n| a | b |\x1b]52;c;aGk=\x07\u202e"

// hostileDoc puts evil text everywhere the report shows incident text.
func hostileDoc(t *testing.T, evil string) model.Document {
	d := stepsDoc(t)
	d.Incident.Title = evil
	d.Incident.Summary = evil
	d.People[0].Name = evil
	d.Agents[0].Name = evil
	d.Evidence[0].Summary = evil
	event(t, &d, "S1").Rationale = evil
	event(t, &d, "D1").Rationale = evil
	event(t, &d, "S1").Action.Detail = evil // the same on both sides: no diff section
	event(t, &d, "D1").Action.Detail = evil
	event(t, &d, "X1").Actor = evil
	d.Reviews[0].Note = evil
	valid := d
	valid.Reviews = d.Reviews[:len(d.Reviews)-1] // stepsDoc's last verdict is one the reference check refuses
	mustValid(t, valid)
	return d
}

func TestMarkdownKeepsItsStructureWithHostileText(t *testing.T) {
	md := BuildReport(hostileDoc(t, evil), DefaultPolicy(), testChain).Markdown()
	clean := BuildReport(hostileDoc(t, "plain words"), DefaultPolicy(), testChain).Markdown()
	shape := func(s string) []string {
		var out []string
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(l, "#") || strings.HasPrefix(l, "|") || strings.HasPrefix(l, "**") {
				out = append(out, l[:2])
			}
		}
		return out
	}
	if !reflect.DeepEqual(shape(md), shape(clean)) {
		t.Errorf("hostile text changed the document's structure:\n%v\n%v", shape(md), shape(clean))
	}
	if got, want := strings.Count(md, "\n"), strings.Count(clean, "\n"); got != want {
		t.Errorf("hostile text added lines: %d, want %d", got, want)
	}
	for _, r := range md {
		if r != '\n' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r)) {
			t.Fatalf("the Markdown keeps %U", r)
		}
	}
	if regexp.MustCompile(`[^\\]\]\(javascript|[^\\]<b>`).MatchString(md) {
		t.Error("a link or tag survived escaping")
	}
}

func TestMarkdownFrameworkMappingIsWordedAsSignoffs(t *testing.T) {
	md := BuildReport(stepsDoc(t), DefaultPolicy(), testChain).Markdown()
	_, section, ok := strings.Cut(md, "## Framework mapping")
	if !ok {
		t.Fatal("no framework mapping section")
	}
	for _, f := range Findings(stepsDoc(t), DefaultPolicy()) {
		if !strings.Contains(section, "`"+f.Code+"` (") {
			t.Errorf("finding code %s is not mapped", f.Code)
		}
	}
	for _, l := range strings.Split(strings.TrimSpace(section), "\n") {
		if strings.HasPrefix(l, "- ") && !strings.Contains(l, "signoff maps this finding to NIST AI RMF") && !strings.Contains(l, "signoff maps these metrics to NIST AI RMF") {
			t.Errorf("mapping line not worded as signoff's: %q", l)
		}
	}
	// FRAMEWORKS.md: "trust metrics (report section) | MEASURE 2.5, MANAGE 4.1 | ASI09 | L5".
	trust := "- Trust in the AI agents (the summary's section): signoff maps these metrics to NIST AI RMF MEASURE 2.5 (the system is shown to be valid and reliable where deployed), MANAGE 4.1 (post-deployment monitoring, including override, incident response and recovery); OWASP Top 10 for Agentic Applications ASI09 (Human-Agent Trust Exploitation); CSA MAESTRO L5 (Evaluation and Observability)."
	if !strings.Contains(section, trust+"\n") {
		t.Errorf("the trust section is not mapped as FRAMEWORKS.md maps it; want the line %q", trust)
	}
}

func TestMarkdownShowsAnUnverifiedChain(t *testing.T) {
	md := BuildReport(stepsDoc(t), DefaultPolicy(), ChainStatus{Head: "abc", Entries: 7, Problem: "entry 5 (decisions, D1) was altered"}).Markdown()
	for _, want := range []string{"Audit chain: NOT verified.", "- Verified: **NO**", "- Problem: entry 5 (decisions, D1) was altered"} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
}

func TestReportDatesAndClosing(t *testing.T) {
	d := cleanDoc()
	next := at(24 * 60)
	event(t, &d, "X1").At = next.Add(15 * time.Minute)
	closed := next.Add(time.Hour)
	d.Incident.ClosedAt = &closed
	mustValid(t, d)
	md := BuildReport(d, DefaultPolicy(), ChainStatus{Verified: true}).Markdown()
	day, nextDay := t0.Format(time.DateOnly), next.Format(time.DateOnly)
	t.Run("a time on another day than the incident opened carries its date", func(t *testing.T) {
		if !strings.Contains(md, "**Execution** X1 at "+nextDay+" ") {
			t.Errorf("the execution on the next day has no date:\n%s", md)
		}
	})
	t.Run("a time on the day the incident opened does not", func(t *testing.T) {
		if strings.Contains(md, "**AI suggestion** S1 at "+day) || !strings.Contains(md, "**AI suggestion** S1 at 09:10") {
			t.Errorf("the suggestion's time is not a time of day:\n%s", md)
		}
	})
	t.Run("the header says when and how it ended", func(t *testing.T) {
		if !strings.Contains(md, "Resolved at "+fullTime(closed)) || strings.Contains(md, "not closed") {
			t.Errorf("the header does not say Resolved at:\n%s", md[:300])
		}
		d.Incident.Status, d.Incident.ClosedAt = model.StatusOpen, nil
		if md := BuildReport(d, DefaultPolicy(), ChainStatus{}).Markdown(); !strings.Contains(md, "Still open") {
			t.Errorf("an open incident's header:\n%s", md[:300])
		}
	})
}

func TestMarkdownEscapesAnExecutionIdOnceInTheOwnerTable(t *testing.T) {
	d := cleanDoc()
	event(t, &d, "X1").ID = "X*1|b"
	mustValid(t, d)
	md := BuildReport(d, DefaultPolicy(), testChain).Markdown()
	// `X\*1\|b` reads as X*1|b; a second escape would show the backslashes.
	want := "(alice) | approved | X\\*1\\|b succeeded |"
	if !strings.Contains(md, want) {
		_, table, _ := strings.Cut(md, "### Owner per action")
		t.Errorf("the owner table's executions cell is not %q:\n%s", want, table[:300])
	}
}

func TestMarkdownListsAnAISuggestionMarkedNoneWhereTheRecordPutsIt(t *testing.T) {
	d := cleanDoc()
	d.Reviews = []model.Review{{Subject: "S1", Reviewer: "dave", At: at(60), Verdict: model.VerdictNone, OutcomeChanged: "no", AICorrect: "unknown"}}
	md := BuildReport(d, DefaultPolicy(), testChain).Markdown()
	_, section, _ := strings.Cut(md, "### What the AI influenced")
	section, _, _ = strings.Cut(section, "### Where the AI was ignored")
	if !strings.Contains(section, "- S1 from ") || !strings.Contains(section, "**disagrees with the record**") {
		t.Errorf("S1, approved unchanged but marked none, is not listed as influenced, with the disagreement:%s", section)
	}
}

func TestReportSaysHowAnIncidentEndedByTheStatusInForce(t *testing.T) {
	d := cleanDoc()
	closed := at(60)
	d.Incident.ClosedAt = &closed // imported resolved at 10:00
	reopened := change("ST-1", model.StatusOpen, "alice", 90)
	t.Run("an incident reopened after its imported closed_at is open", func(t *testing.T) {
		d.StatusChanges = []model.StatusChange{reopened}
		mustValid(t, d)
		r := BuildReport(d, DefaultPolicy(), testChain)
		md := r.Markdown()
		if !strings.Contains(md, "Status: open\n- Opened: "+fullTime(t0)+" · Still open\n") {
			t.Errorf("the header of a reopened incident:\n%s", md[:300])
		}
		if !strings.Contains(md, "Imported as resolved at "+fullTime(closed)+"; then:") {
			t.Errorf("the status history does not say when the imported status closed it:\n%s", md[:600])
		}
		if r.Incident.ClosedAt != nil {
			t.Errorf("the JSON's open incident has closed_at %v", r.Incident.ClosedAt)
		}
	})
	t.Run("one closed again was closed by the change in force", func(t *testing.T) {
		d.StatusChanges = []model.StatusChange{reopened, change("ST-2", model.StatusClosed, "alice", 120)}
		mustValid(t, d)
		r := BuildReport(d, DefaultPolicy(), testChain)
		if md := r.Markdown(); !strings.Contains(md, "· Closed at "+fullTime(at(120))+"\n") {
			t.Errorf("the header of an incident closed again:\n%s", md[:300])
		}
		if r.Incident.ClosedAt == nil || !r.Incident.ClosedAt.Equal(at(120)) {
			t.Errorf("the JSON's closed_at is %v, want %v", r.Incident.ClosedAt, at(120))
		}
	})
}

func TestMarkdownNamesAnAgentThatRanAnExecutionAsAnAgent(t *testing.T) {
	d := cleanDoc()
	event(t, &d, "X1").Actor = "remediator" // recorded as not automated
	mustValid(t, d)
	md := BuildReport(d, DefaultPolicy(), testChain).Markdown()
	want := "(remediator), automated (an agent; the record says not automated), carrying out D1"
	if !strings.Contains(md, want) || strings.Contains(md, "by remediator, by hand") {
		_, line, _ := strings.Cut(md, "**Execution** X1")
		line, _, _ = strings.Cut(line, "\n")
		t.Errorf("an agent's run reads as a person's: X1%s", line)
	}
}

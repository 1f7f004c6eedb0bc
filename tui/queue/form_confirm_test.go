package queue

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/tuitest"
)

// hostileDetail is an action detail padded by whoever wrote it, so that
// what it really asks for is far below its first words.
var hostileDetail = "Isolate the gateway from the network" + strings.Repeat(" pad", 1000) +
	strings.Repeat("\n", 40) + " AND WIPE EVERY HOST IN THE ACCOUNT"

// At the confirm step a long action detail never pushes the top of the
// step out of view: the CONFIRM line, the action's kind and target, its
// tier's requirement and the beginning of the detail stay, as do what to
// type and the field; the detail is cut with a line saying how much is
// hidden and that pgdn shows it, and pgdn/pgup scroll through all of it.
func TestTheConfirmStepKeepsItsTopWhateverTheDetail(t *testing.T) {
	st := tuitest.Common(nil, "", nil).Styles
	item := model.PendingItem{Incident: "INC-1", Suggestion: "S1", Tier: model.TierHigh, IncidentTitle: "Gateway",
		Action: model.Action{Type: "isolate_host", Target: "mcp-gateway", Detail: hostileDetail}}
	// The form's room in the queue at 80x24 (stacked under the list) and
	// 160x48 (beside it), and a short terminal's.
	for _, size := range [][2]int{{80, 13}, {79, 45}, {80, 9}} {
		w, h := size[0], size[1]
		f := NewForm(item, model.OutcomeApproved, false, nil)
		f.SetSize(w, h)
		f.rationale.SetValue("contain it")
		f, _ = f.Update(tuitest.Key("enter"))
		if !f.confirming {
			t.Fatalf("enter on a high action did not ask for confirmation")
		}
		view := func() []string { return strings.Split(ansi.Strip(f.view(st, w, h)), "\n") }
		top := []string{"APPROVE INC-1/S1 · isolate_host → mcp-gateway · high", "CONFIRM: you are about to approve:",
			"isolate_host → mcp-gateway", "high: one human approval with authority high", "Type INC-1 or y, then enter.", "› "}
		check := func(when string, want ...string) {
			t.Helper()
			ls := view()
			if len(ls) != h {
				t.Errorf("%dx%d %s: the form takes %d lines, want %d", w, h, when, len(ls), h)
			}
			text := strings.Join(ls, "\n")
			for _, s := range append(top, want...) {
				if !strings.Contains(text, s) {
					t.Errorf("%dx%d %s: %q is not in view:\n%s", w, h, when, s, text)
				}
			}
			for i, l := range ls {
				if n := ansi.StringWidth(l); n > w {
					t.Errorf("%dx%d %s: line %d is %d cells wide", w, h, when, i+1, n)
				}
			}
		}
		check("at first", "detail: Isolate the gateway from the network", "more lines of the detail: pgdn shows them")
		if strings.Contains(strings.Join(view(), "\n"), "WIPE") {
			t.Fatalf("%dx%d: the whole detail fits; the test needs a longer one", w, h)
		}
		if !f.ActiveKeys().More.Enabled() {
			t.Errorf("%dx%d: pgdn is not offered over a detail that does not fit", w, h)
		}
		f, _ = f.Update(tuitest.Key("pgdown"))
		check("after pgdn", " above")
		for i := 0; i < 500 && !strings.Contains(strings.Join(view(), "\n"), "pgup shows them"); i++ {
			f, _ = f.Update(tuitest.Key("pgdown"))
		}
		check("at the end", "WIPE EVERY HOST", "lines above: pgup shows them")
		for i := 0; i < 500 && f.confirmOff > 0; i++ {
			f, _ = f.Update(tuitest.Key("pgup"))
		}
		check("back at the top", "detail: Isolate the gateway from the network")
		if got := f.confirm.Value(); got != "" {
			t.Errorf("%dx%d: scrolling typed %q into the confirmation", w, h, got)
		}
	}
}

// A detail that fits shows whole, with no marker and no scroll keys.
func TestAShortDetailAtTheConfirmStepShowsWhole(t *testing.T) {
	st := tuitest.Common(nil, "", nil).Styles
	item := model.PendingItem{Incident: "INC-1", Suggestion: "S1", Tier: model.TierCritical,
		Action: model.Action{Type: "wipe_host", Target: "h1", Detail: "Wipe h1"}}
	f := NewForm(item, model.OutcomeRejected, false, nil)
	f.SetSize(80, 13)
	f.rationale.SetValue("no")
	f, _ = f.Update(tuitest.Key("enter"))
	view := ansi.Strip(f.view(st, 80, 13))
	if !strings.Contains(view, "detail: Wipe h1") || strings.Contains(view, "⋯") {
		t.Errorf("the short detail is not shown whole, alone:\n%s", view)
	}
	if f.ActiveKeys().More.Enabled() || f.ActiveKeys().Less.Enabled() {
		t.Errorf("pgdn/pgup are offered over a detail that fits")
	}
}

// A detail longer than the confirm step scrolls through is cut, and the
// marker at its end says where it is whole.
func TestAHugeDetailAtTheConfirmStepSaysItIsCut(t *testing.T) {
	st := tuitest.Common(nil, "", nil).Styles
	item := model.PendingItem{Incident: "INC-1", Suggestion: "S1", Tier: model.TierHigh,
		Action: model.Action{Type: "isolate_host", Target: "h1", Detail: strings.Repeat("word ", 100000)}}
	f := NewForm(item, model.OutcomeApproved, false, nil)
	f.SetSize(80, 13)
	f.rationale.SetValue("yes")
	f, _ = f.Update(tuitest.Key("enter"))
	for i := 0; i < 1000 && !strings.Contains(ansi.Strip(f.view(st, 80, 13)), "the rest is cut"); i++ {
		f, _ = f.Update(tuitest.Key("pgdown"))
	}
	view := strings.Join(strings.Fields(ansi.Strip(f.view(st, 80, 13))), " ")
	if !strings.Contains(view, "the rest is cut: signoff export INC-1 has it whole") {
		t.Errorf("the end of a cut detail does not say so:\n%s", view)
	}
}

// The confirm step lays out a detail with single spaces only as the
// detail pane does, wrapped at words under its text: the demo's S3 read
// "through wo" / "rkload identity" there while the pane above it read
// "through" / "workload identity". A detail holding a run of spaces keeps
// the hard cut (TestAnArgumentCannotForgeTheCallLine).
func TestTheConfirmStepWrapsASingleSpacedDetailAtWords(t *testing.T) {
	st := tuitest.Common(nil, "", nil).Styles
	detail := "Revoke the MCP server's admin token; reissue a scoped token through workload identity"
	item := model.PendingItem{Incident: "INC-2046", Suggestion: "S3", Tier: model.TierHigh, IncidentTitle: "Cloud admin token leaked",
		Action: model.Action{Type: "revoke_token", Target: "mcp-cloud-token", Detail: detail}}
	for _, w := range []int{80, 79, 60, 41} {
		f := NewForm(item, model.OutcomeApproved, false, nil)
		f.SetSize(w, 20)
		f.rationale.SetValue("contain it")
		f, _ = f.Update(tuitest.Key("enter"))
		if !f.confirming {
			t.Fatalf("enter on a high action did not ask for confirmation")
		}
		ls := strings.Split(ansi.Strip(f.view(st, w, 20)), "\n")
		var words []string
		for i, l := range ls {
			if strings.HasPrefix(l, "  detail: ") {
				words = strings.Fields(strings.TrimPrefix(l, "  detail: "))
				for _, next := range ls[i+1:] {
					if !strings.HasPrefix(next, strings.Repeat(" ", len("  detail: "))) || strings.TrimSpace(next) == "" {
						break
					}
					words = append(words, strings.Fields(next)...)
				}
				break
			}
		}
		if got := strings.Join(words, " "); got != detail {
			t.Errorf("at %d cells the confirm step's detail reads %q, want it whole in words %q:\n%s", w, got, detail, strings.Join(ls, "\n"))
		}
	}
}

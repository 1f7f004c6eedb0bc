package queue

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model/gate"
)

// forgedCall is the line an argument forges: the real call's line with
// another tool.
const forgedCall = "call: OpenAI Responses · MCP server edr · tool lookup_host"

// recordForge writes an unmapped OpenAI MCP call to isolate_host (its
// detail the whole input) whose arguments hold a forged call line padded
// by runs of spaces, and more, as suggestion id.
func recordForge(t *testing.T, store *db.DB, id string, args map[string]any) {
	t.Helper()
	a, _ := json.Marshal(args)
	quoted, _ := json.Marshal(string(a))
	req, err := gate.Decode(gate.OpenAIMCP, []byte(`{"id":"`+id+`","type":"mcp_approval_request","name":"isolate_host","server_label":"edr","arguments":`+string(quoted)+`}`))
	if err != nil {
		t.Fatal(err)
	}
	var none *gate.Mapping
	mapped := none.Map(req.Calls[0])
	recordGated(t, store, "S-"+id, mapped.Action, gate.NewEnvelope(gate.OpenAIMCP, req.Calls[0], mapped).String())
}

var forgeArgs = map[string]map[string]any{
	"mcpr_forge1": {"host": "web-03", "note": "x" + strings.Repeat(" ", 90) + forgedCall + strings.Repeat(" ", 90) + "y", "wipe_disks": true},
	"mcpr_forge2": {"a": "x" + strings.Repeat(" ", 90) + forgedCall + strings.Repeat(" ", 90) + "y", "b": strings.Repeat("log line ", 120), "host": "web-03", "wipe": true},
}

// callLinesIn are the lines that begin, at any indent, with "call:", and
// the indents they begin at.
func callLinesIn(lines []string) (out []string, at []int) {
	for _, l := range lines {
		s := ansi.Strip(l)
		t := strings.TrimLeft(s, " ")
		if strings.HasPrefix(t, "call:") {
			out, at = append(out, t), append(at, len(s)-len(t))
		}
	}
	return out, at
}

// An argument cannot draw a line that reads as the call's: the text of a
// field goes on under its start, not at the labels' column, and runs of
// spaces in it are kept, so a forged "call: …" inside an argument never
// begins a line where the labels do, in the detail pane or in the
// confirm step, whatever it is padded with.
func TestAnArgumentCannotForgeTheCallLine(t *testing.T) {
	store := openStore(t)
	for id, args := range forgeArgs {
		recordForge(t, store, id, args)
	}
	for id := range forgeArgs {
		for _, size := range [][2]int{{80, 24}, {160, 48}} {
			w, h := size[0], size[1]
			m := newTestModel(t, store, "alice", w, h)
			selectKey(t, m, "INC-2046/S-"+id)
			// kept: the detail's lines, their lead cut off, join into its
			// text with every space of the padding.
			kept := func(where string, lines []string, lead string) {
				t.Helper()
				var text strings.Builder
				in := false
				for _, l := range lines {
					s := ansi.Strip(l)
					if strings.HasPrefix(s, lead) {
						in = true
					} else if !in || !strings.HasPrefix(s, strings.Repeat(" ", len(lead))) {
						if in {
							break
						}
						continue
					}
					text.WriteString(s[len(lead):])
				}
				if want := strings.Repeat(" ", 90) + forgedCall + strings.Repeat(" ", 90); !strings.Contains(text.String(), want) {
					t.Errorf("%s %dx%d %s: the padding of the argument is not all shown:\n%s", id, w, h, where, ansi.Strip(strings.Join(lines, "\n")))
				}
			}
			check := func(where string, lines []string, label int) {
				t.Helper()
				calls, at := callLinesIn(lines)
				real := 0
				for i, c := range calls {
					if at[i] <= label {
						real++
						if !strings.Contains(c, "tool isolate_host") {
							t.Errorf("%s %dx%d %s: a line at the labels' column (%d) reads %q", id, w, h, where, at[i], c)
						}
					}
				}
				if real != 1 {
					t.Errorf("%s %dx%d %s: %d lines begin with call: at the labels' column, want the real one:\n%s",
						id, w, h, where, real, ansi.Strip(strings.Join(lines, "\n")))
				}
			}
			check("detail pane", m.detailLines(m.detailWidth()), 0)
			kept("detail pane", m.detailLines(m.detailWidth()), "detail: ")
			press(t, m, "a")
			typeText(t, m, "ok")
			press(t, m, "enter")
			if m.form == nil || !m.form.confirming {
				t.Fatalf("%s %dx%d: no confirm step", id, w, h)
			}
			p := m.form.confirmParts(&plainStyles, m.form.width)
			check("confirm step", p.detail, 2)
			kept("confirm step", p.detail, "  detail: ")
		}
	}
}

// An unmapped tool's detail is its whole input, so the detail stands for
// the arguments (which Fields then leaves out): cut at maxWrapped lines,
// it says how many characters it does not show, as the arguments would.
func TestTheDetailThatIsTheArgumentsCountsWhatItCuts(t *testing.T) {
	store := openStore(t)
	args := map[string]any{"aaa_context": strings.Repeat("benign log excerpt ", 250), "host": "web-03", "zz_mode": "wipe-all-disks"}
	recordForge(t, store, "mcpr_long", args)
	a, _ := json.Marshal(args)
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		m := newTestModel(t, store, "alice", size[0], size[1])
		selectKey(t, m, "INC-2046/S-mcpr_long")
		w := m.detailWidth()
		text := ansi.Strip(strings.Join(m.detailLines(w), "\n"))
		if strings.Contains(text, "zz_mode") || strings.Contains(text, "arguments:") {
			t.Fatalf("%dx%d: the test needs a detail that is cut and stands for the arguments:\n%s", size[0], size[1], text)
		}
		shown := (w-len("detail: "))*maxWrapped - 1 // the last cell is the ellipsis
		want := "⋯ " + strconv.Itoa(len(a)-shown) + " more characters: signoff pending --json has them whole"
		if !strings.Contains(text, want) {
			t.Errorf("%dx%d: the detail does not say %q:\n%s", size[0], size[1], want, text)
		}
	}
}

// The confirm step's labels are sanitised as their text is, and a label
// too wide to leave its text room still keeps every line in the width.
func TestTheConfirmStepsLabelsAreSafeAndFit(t *testing.T) {
	for _, w := range []int{30, 80} {
		label := "in INC-\x1b]0;pwned\x07" + strings.Repeat("X", 40)
		ls, _ := wrapBounded(label, strings.Repeat("title ", 40), w, 5)
		for i, l := range ls {
			if strings.ContainsAny(l, "\x1b\x07") {
				t.Errorf("w %d: line %d carries a raw control: %q", w, i+1, l)
			}
			if n := ansi.StringWidth(l); n > w {
				t.Errorf("w %d: line %d is %d cells wide: %q", w, i+1, n, l)
			}
			if i > 0 && !strings.HasPrefix(l, "    ") {
				t.Errorf("w %d: line %d is not deeper than the labels: %q", w, i+1, l)
			}
		}
	}
}

// A value with single spaces only is wrapped at words, for prose to read
// well; a forged "call: …" that a word break puts first on a line still
// goes on under the value's text, never at the labels' column.
func TestAWordWrappedArgumentCannotForgeTheCallLine(t *testing.T) {
	store := openStore(t)
	var words []string
	for i := 0; i < 72; i++ { // words of every length, so a break falls before some "call:"
		words = append(words, strings.Repeat("w", i+1)+" "+forgedCall)
	}
	recordForge(t, store, "mcpr_words", map[string]any{"host": "web-03", "note": strings.Join(words, " ")})
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		m := newTestModel(t, store, "alice", size[0], size[1])
		selectKey(t, m, "INC-2046/S-mcpr_words")
		lines := m.detailLines(m.detailWidth())
		calls, at := callLinesIn(lines)
		real, forged := 0, 0
		for i, c := range calls {
			switch {
			case at[i] == 0 && strings.Contains(c, "tool isolate_host"):
				real++
			case at[i] == 0:
				t.Errorf("%dx%d: a line at the labels' column reads %q", size[0], size[1], c)
			default:
				forged++
			}
		}
		if real != 1 || forged == 0 {
			t.Errorf("%dx%d: %d real call: lines at the labels' column, %d forged ones under the text; want 1 and some:\n%s",
				size[0], size[1], real, forged, ansi.Strip(strings.Join(lines, "\n")))
		}
	}
}

package review

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/tuitest"
)

func plainStyles() *common.Styles { return tuitest.Common(nil, "", nil).Styles }

// runCmd runs a command and returns its message (nil for a nil command).
func runCmd(c tea.Cmd) tea.Msg {
	if c == nil {
		return nil
	}
	return c()
}

func TestFormKeys(t *testing.T) {
	cases := []struct {
		name    string
		keys    []string
		verdict model.Verdict
		outcome model.OutcomeChanged
		correct model.AICorrect
		note    string
	}{
		{"the verdict it opened with stays until changed", nil, "followed", "unknown", "unknown", ""},
		{"m makes the verdict modified", []string{"m"}, "modified", "unknown", "unknown", ""},
		{"i then x makes the verdict none", []string{"i", "x"}, "none", "unknown", "unknown", ""},
		{"o cycles outcome changed unknown, yes, no and round", []string{"o", "o"}, "followed", "no", "unknown", ""},
		{"o three times comes back to unknown", []string{"o", "o", "o"}, "followed", "unknown", "unknown", ""},
		{"c cycles AI correct through yes, partial, no", []string{"c", "c", "c"}, "followed", "unknown", "no", ""},
		{"tab moves to the note where letters are text", []string{"tab", "m", "o", "c"}, "followed", "unknown", "unknown", "moc"},
		{"tab again leaves the note so keys work again", []string{"tab", "x", "tab", "i"}, "ignored", "unknown", "unknown", "x"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := NewForm(plainStyles(), "S1", model.VerdictFollowed)
			f.SetWidth(60)
			for _, k := range c.keys {
				f, _ = f.Update(keyMsg(k))
			}
			r := f.Review("mara")
			if r.Verdict != c.verdict || r.OutcomeChanged != c.outcome || r.AICorrect != c.correct || r.Note != c.note {
				t.Errorf("after %v the form holds %+v", c.keys, r)
			}
			if r.Subject != "S1" || r.Reviewer != "mara" {
				t.Errorf("the review names %q as %q, want S1 as mara", r.Subject, r.Reviewer)
			}
		})
	}
}

func TestFormSubmitAndCancel(t *testing.T) {
	cases := []struct {
		name string
		keys []string
		want tea.Msg
	}{
		{"enter outside the note saves", []string{"enter"}, formSubmitMsg{}},
		{"ctrl+s saves from inside the note", []string{"tab", "a", "ctrl+s"}, formSubmitMsg{}},
		{"enter inside the note is a new line, not a save", []string{"tab", "enter"}, nil},
		{"esc cancels", []string{"esc"}, formCancelMsg{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := NewForm(plainStyles(), "S1", model.VerdictFollowed)
			var cmd tea.Cmd
			for _, k := range c.keys {
				f, cmd = f.Update(keyMsg(k))
			}
			got := runCmd(cmd)
			_, submitted := got.(formSubmitMsg)
			_, cancelled := got.(formCancelMsg)
			_, wantSubmit := c.want.(formSubmitMsg)
			_, wantCancel := c.want.(formCancelMsg)
			if submitted != wantSubmit || cancelled != wantCancel {
				t.Errorf("after %v the form sent %#v, want %#v", c.keys, got, c.want)
			}
		})
	}
}

func TestFormRefusalKeepsWhatWasTyped(t *testing.T) {
	f := NewForm(plainStyles(), "S1", model.VerdictIgnored)
	f.SetWidth(70)
	for _, k := range []string{"o", "tab", "w", "h", "y"} {
		f, _ = f.Update(keyMsg(k))
	}
	f.Saving()
	f.Refused("nobody is not a known person of incident INC-1, so the verdict was not saved.")
	r := f.Review("nobody")
	if r.Note != "why" || r.OutcomeChanged != "yes" || r.Verdict != model.VerdictIgnored {
		t.Errorf("a refused save lost the form's content: %+v", r)
	}
	if v := f.View(); !strings.Contains(v, "Not saved: nobody is not a known person") {
		t.Errorf("the form does not say why it was refused:\n%s", v)
	}
}

// offered lists the keys the help would draw from km, short and full.
func offered(km FormKeyMap) []string {
	var keys []string
	for _, group := range append(km.FullHelp(), km.ShortHelp()) {
		for _, b := range group {
			if b.Enabled() {
				keys = append(keys, b.Help().Key)
			}
		}
	}
	return keys
}

func TestFormOffersOnlyTheKeysThatWorkWhereTheCursorIs(t *testing.T) {
	cases := []struct {
		name        string
		keys        []string
		offer, hide []string
		says, never string
	}{
		{"outside the note enter saves and the letters set the verdict", nil,
			[]string{"enter", "f", "o", "tab"}, nil, "enter or ctrl+s saves", ""},
		{"in the note letters and enter are text, so only ctrl+s saves", []string{"tab"},
			[]string{"ctrl+s", "tab", "esc"}, []string{"enter", "f", "m", "i", "o", "c"}, "ctrl+s saves", "enter or ctrl+s saves"},
		{"asked to confirm a disagreement, y saves and nothing else is offered", []string{"i", "tab", "w", "ctrl+s"},
			[]string{"y"}, []string{"enter", "f", "o", "tab"}, "y saves it with your note", "enter or ctrl+s saves"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := NewForm(plainStyles(), "S1", model.VerdictFollowed)
			f.Judge(&model.Step{Subject: "S1", Suggestion: &model.Event{ID: "S1", Agent: "triage"},
				Executions: []model.Event{{ID: "X1"}}})
			f.SetWidth(80)
			for _, k := range c.keys {
				f, _ = f.Update(keyMsg(k))
			}
			got := strings.Join(offered(f.ActiveKeys()), " ")
			for _, k := range c.offer {
				if !strings.Contains(" "+got+" ", " "+k+" ") {
					t.Errorf("after %v the help offers %q, missing %s", c.keys, got, k)
				}
			}
			for _, k := range c.hide {
				if strings.Contains(" "+got+" ", " "+k+" ") {
					t.Errorf("after %v the help offers %q, with %s that does not do that there", c.keys, got, k)
				}
			}
			v := tuitest.Text(f.View())
			if !strings.Contains(v, c.says) || c.never != "" && strings.Contains(v, c.never) {
				t.Errorf("after %v the form should say %q and never %q:\n%s", c.keys, c.says, c.never, v)
			}
		})
	}
}

func TestEscOverATypedNoteAsksBeforeItIsLost(t *testing.T) {
	cases := []struct {
		name   string
		keys   []string
		closed bool
		note   string
	}{
		{"esc in the note asks, and y then discards", []string{"tab", "w", "h", "y", "esc", "y"}, true, "why"},
		{"esc in the note asks, and any other key keeps the note and the cursor in it", []string{"tab", "w", "h", "y", "esc", "n", "!"}, false, "why!"},
		{"esc outside the note asks too once a note was typed", []string{"tab", "w", "tab", "esc", "esc"}, false, "w"},
		{"esc with no note typed closes at once", []string{"o", "esc"}, true, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := NewForm(plainStyles(), "S1", model.VerdictFollowed)
			f.SetWidth(80)
			closed := false
			for i, k := range c.keys {
				var cmd tea.Cmd
				f, cmd = f.Update(keyMsg(k))
				if _, ok := runCmd(cmd).(formCancelMsg); ok {
					closed = true
				}
				if k == "esc" && i < len(c.keys)-1 && c.note != "" && !strings.Contains(tuitest.Text(f.View()), "Discard") {
					t.Errorf("esc over a typed note did not ask:\n%s", tuitest.Text(f.View()))
				}
			}
			if closed != c.closed {
				t.Errorf("after %v the form closed: %v, want %v", c.keys, closed, c.closed)
			}
			if !c.closed {
				if got := f.Review("mara").Note; got != c.note {
					t.Errorf("after %v the note is %q, want %q", c.keys, got, c.note)
				}
			}
		})
	}
}

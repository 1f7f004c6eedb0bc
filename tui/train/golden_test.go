package train

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"

	"github.com/signoff/signoff/tui/common"
)

var toS2 = []string{"space", "space", "space", "space", "space", "space"}

func TestGoldenViews(t *testing.T) {
	store := openSmall(t)
	states := []struct {
		name     string
		incident string
		keys     []string
		text     string // typed after the keys
		then     []string
	}{
		{"start", "INC-2044", nil, "", nil},
		{"choose", "INC-2044", toS2, "", nil},
		{"form-modify", "INC-2044", append(append([]string{}, toS2...), "m"), " once memory is captured", []string{"tab"}},
		{"reveal", "INC-2044", append(append([]string{}, toS2...), "a"), "foothold is web-01", []string{"enter"}},
		{"help", "INC-2044", []string{"?"}, "", nil},
		{"scorecard", "INC-7", []string{"space", "space", "d"}, "want the EDR verdict", []string{"enter", "space", "space", "space"}},
	}
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		for _, s := range states {
			t.Run(fmt.Sprintf("%s-%dx%d", s.name, size[0], size[1]), func(t *testing.T) {
				m := newTestModel(t, store, s.incident, "tomas", size[0], size[1])
				press(t, m, s.keys...)
				typeText(t, m, s.text)
				press(t, m, s.then...)
				checkFrame(t, m.View(), size[0], size[1])
				// testdata/TestGoldenViews/<name>.golden; -update rewrites it.
				golden.RequireEqual(t, []byte(screenText(m)))
			})
		}
	}
}

func TestMonochrome(t *testing.T) {
	store := openSmall(t)
	view := func(t *testing.T) string {
		r := lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(termenv.TrueColor)
		c := common.New(common.Options{Store: store, Person: "tomas", Clock: ticking(), Renderer: r})
		m := newTestModelIn(t, c, "INC-2044", 160, 48)
		press(t, m, toS2...)
		press(t, m, "a")
		typeText(t, m, "go")
		press(t, m, "enter")
		return m.View()
	}
	t.Run("a colour terminal gets colours", func(t *testing.T) {
		t.Setenv("NO_COLOR", "")
		if !strings.Contains(view(t), "\x1b[") {
			t.Errorf("the colour frame holds no escape sequence")
		}
	})
	t.Run("NO_COLOR gives a frame without escape sequences that still labels advice, decision, execution and diff", func(t *testing.T) {
		t.Setenv("NO_COLOR", "1")
		out := view(t)
		if strings.Contains(out, "\x1b") {
			t.Errorf("the monochrome frame holds an escape sequence")
		}
		for _, want := range []string{"◇ AI", "● HUMAN DECISION", "◆ YOUR CHOICE", "▸ "} {
			if !strings.Contains(out, want) {
				t.Errorf("the monochrome frame lacks %q:\n%s", want, out)
			}
		}
	})
}

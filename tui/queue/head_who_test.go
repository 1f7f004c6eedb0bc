package queue

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// With three filters and a sort set, the top line is too long for a
// narrow terminal: it shortens the filter, never who decides, and / still
// shows the filter whole.
func TestTheTopLineKeepsWhoDecidesWhenTheFilterIsLong(t *testing.T) {
	store := openStore(t)
	const filter = "incident:INC-2046 tier:high,critical agent:remediator"
	for _, size := range [][2]int{{80, 24}, {60, 24}, {160, 48}} {
		w, h := size[0], size[1]
		m := newTestModel(t, store, "tomas", w, h)
		press(t, m, "/")
		typeText(t, m, filter)
		press(t, m, "enter", "s")
		got := topLine(m)
		if !strings.HasSuffix(got, "· deciding as tomas") {
			t.Errorf("%dx%d: the top line reads %q; who decides is cut", w, h, got)
		}
		if !strings.Contains(got, "2 of 5 pending · filter: in") {
			t.Errorf("%dx%d: the top line reads %q; want the count and the filter's start", w, h, got)
		}
		if n := ansi.StringWidth(got); n > w {
			t.Errorf("%dx%d: the top line is %d cells wide", w, h, n)
		}
		if w >= 160 && !strings.Contains(got, filter) {
			t.Errorf("%dx%d: the top line reads %q; there is room for the whole filter", w, h, got)
		}
		press(t, m, "/")
		if v := m.filterIn.Value(); v != filter {
			t.Errorf("%dx%d: / shows the filter as %q, want %q", w, h, v, filter)
		}
		press(t, m, "esc")
		checkFrame(t, m.View(), w, h)
	}
}

// A screen too narrow for the count and who decides keeps who decides,
// first.
func TestAVeryNarrowTopLineStartsWithWhoDecides(t *testing.T) {
	store := openStore(t)
	m := newTestModel(t, store, "tomas", 30, 24)
	press(t, m, "/")
	typeText(t, m, "tier:high,critical agent:remediator")
	press(t, m, "enter")
	if got := topLine(m); !strings.HasPrefix(got, "deciding as tomas") {
		t.Errorf("the top line reads %q; want it to start with who decides", got)
	}
}

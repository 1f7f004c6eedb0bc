package metrics

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/tuitest"
)

// gappy is the sample store with the remediator's February taken out:
// January and March have data, February none.
func gappy() *fakeStore {
	s := sampleStore()
	var keep []model.MetricCell
	for _, c := range s.cells {
		if c.Month != "2026-02" {
			keep = append(keep, c)
		}
	}
	s.cells = keep
	return s
}

func TestTheMonthChart(t *testing.T) {
	t.Run("a month without data is a gap, not a line drawn through", func(t *testing.T) {
		m := loaded(t, gappy(), 160, 48)
		months := everyMonth(review.MonthsOf(m.cells, m.keep()))
		if len(months) != 3 || months[1].Month != "2026-02" || months[1].AcceptanceRate != nil {
			t.Fatalf("the chart's months are %+v", months)
		}
		chart := monthChart(m.Styles, months, 60, 20)
		// Between January's column and March's, no row of the plot holds
		// the acceptance glyph in the middle third.
		for _, l := range strings.Split(chart, "\n")[1:] {
			r := []rune(l)
			if len(r) < 60 {
				continue
			}
			if strings.ContainsRune(string(r[25:40]), glyphAccept) {
				t.Errorf("a line is drawn through February: %q", l)
			}
		}
	})
	t.Run("the axis labels every month it shows", func(t *testing.T) {
		m := loaded(t, gappy(), 160, 48)
		chart := tuitest.Text(m.charts())
		for _, mo := range []string{"2026", "Feb", "Mar"} {
			if !strings.Contains(chart, mo) {
				t.Errorf("the axis lacks %s:\n%s", mo, chart)
			}
		}
	})
	t.Run("the help explains every glyph and column", func(t *testing.T) {
		m := keys(t, loaded(t, sampleStore(), 160, 48), "?")
		text := strings.Join(strings.Fields(tuitest.Text(m.View())), " ")
		for _, want := range []string{"• accepted", "× right in hindsight", "⊗ both", "● one confidence bin", "* when a reviewer recorded it",
			"FOLLOW counts automated executions too", "ACCEPT decided suggestions followed ÷ decided", "— nothing to divide by"} {
			if !strings.Contains(text, want) {
				t.Errorf("the help lacks %q", want)
			}
		}
	})
	t.Run("keys read at once are one press each, and G reaches the last row", func(t *testing.T) {
		m := loaded(t, sampleStore(), 80, 24)
		m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("j")})
		m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jk")})
		if m.cursor[tabAgents] != 0 {
			t.Errorf("\"jk\" after j left the cursor on %d, want 0", m.cursor[tabAgents])
		}
		m = keys(t, m, "G")
		if m.cursor[tabAgents] != len(m.report.ByAgent)-1 {
			t.Errorf("G left the cursor on %d of %d", m.cursor[tabAgents], len(m.report.ByAgent))
		}
		m = keys(t, m, "g")
		if m.cursor[tabAgents] != 0 {
			t.Errorf("g left the cursor on %d", m.cursor[tabAgents])
		}
	})
}

// A month is read from the record's derived table, which a tampered
// database file can fill with anything: the chart's title and its axis
// show it only as safe text.
func TestTheMonthChartShowsATamperedMonthAsText(t *testing.T) {
	for _, month := range []string{"\x1b]0;owned\x07", "2025-12\x1b]52;c;eA==\x07\u202e"} {
		s := sampleStore()
		for i := range s.cells {
			if s.cells[i].Month == "2026-01" {
				s.cells[i].Month = month
			}
		}
		m := loaded(t, s, 160, 48)
		view := m.View()
		if strings.Contains(view, "\x1b]") || strings.ContainsAny(view, "\a\u202e") {
			t.Errorf("the month %q reaches the terminal as it is:\n%q", month, view)
		}
		if !strings.Contains(tuitest.Text(view), "␛]") {
			t.Errorf("the month %q is not shown:\n%s", month, tuitest.Text(view))
		}
	}
}

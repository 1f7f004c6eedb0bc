package review

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/tuitest"
)

// rows builds n timeline rows numbered from first, one minute apart.
func rows(first, n int) []model.TimelineRow {
	out := make([]model.TimelineRow, n)
	for i := range out {
		k := first + i
		out[i] = model.TimelineRow{Kind: model.KindAlert, ID: fmt.Sprintf("E%07d", k), At: t0.Add(time.Duration(k) * time.Minute),
			Actor: "scanner", Summary: fmt.Sprintf("alert %d", k)}
	}
	return out
}

func TestTimelineWindow(t *testing.T) {
	t.Run("appending past the window bound drops rows from the front and keeps the selection", func(t *testing.T) {
		tl := NewTimeline(plainStyles())
		tl.SetSize(80, 10)
		tl.Apply(windowMsg{mode: windowReplace, rows: rows(0, maxWindow), atStart: true})
		tl.Move(maxWindow - 5)
		sel := tl.Selected().ID
		tl.Apply(windowMsg{mode: windowAppend, rows: rows(maxWindow, chunk)})
		if len(tl.rows) != maxWindow {
			t.Errorf("the window holds %d rows, want %d", len(tl.rows), maxWindow)
		}
		if tl.Selected().ID != sel || tl.atStart {
			t.Errorf("after appending the selection is %s (want %s), atStart %v", tl.Selected().ID, sel, tl.atStart)
		}
	})
	t.Run("prepending keeps the selected row selected", func(t *testing.T) {
		tl := NewTimeline(plainStyles())
		tl.SetSize(80, 10)
		tl.Apply(windowMsg{mode: windowReplace, rows: rows(500, 100), atEnd: true})
		tl.Move(3)
		tl.Apply(windowMsg{mode: windowPrepend, rows: rows(400, 100), atStart: false})
		if got := tl.Selected().ID; got != "E0000503" {
			t.Errorf("after prepending the selection is %s, want E0000503", got)
		}
	})
	t.Run("a replace selects the row it was asked to", func(t *testing.T) {
		tl := NewTimeline(plainStyles())
		tl.SetSize(80, 10)
		tl.Apply(windowMsg{mode: windowReplace, rows: rows(0, 50), selectID: "E0000030"})
		if got := tl.Selected().ID; got != "E0000030" {
			t.Errorf("selected %s, want E0000030", got)
		}
		if tl.top > 30 || tl.top+tl.height <= 30 {
			t.Errorf("row 30 is off screen: top %d height %d", tl.top, tl.height)
		}
	})
	t.Run("the last page asks for the next one before the selection reaches it", func(t *testing.T) {
		tl := NewTimeline(plainStyles())
		tl.SetSize(80, 20)
		tl.Apply(windowMsg{mode: windowReplace, rows: rows(0, chunk), atStart: true})
		if tl.NeedAfter() {
			t.Errorf("the first row asks for the next page already")
		}
		tl.Move(chunk - 30)
		if !tl.NeedAfter() {
			t.Errorf("30 rows from the end of the window no page is asked for")
		}
		tl.loadingAfter = true
		if tl.NeedAfter() {
			t.Errorf("a page already on its way is asked for again")
		}
	})
}

func TestTimelineRows(t *testing.T) {
	hostile := model.TimelineRow{Kind: model.KindSuggestion, ID: "S1", At: t0, Actor: "agent\x1b[31m",
		Summary: "disable_account → \u202Eadmin\r\x1b[2K" + strings.Repeat("x", 1<<20), Subject: "S1", Verdict: "followed", Reviewer: "mara"}
	for _, w := range []int{160, 80, 72, 40} {
		t.Run(fmt.Sprintf("rows are exactly %d cells wide and show markers, not controls", w), func(t *testing.T) {
			tl := NewTimeline(plainStyles())
			tl.SetSize(w, 3)
			tl.Apply(windowMsg{mode: windowReplace, rows: append(rows(0, 1), hostile)})
			tl.SetFlags(map[string]int{"S1": 2})
			out := tl.View()
			lines := strings.Split(out, "\n")
			if len(lines) != 3 {
				t.Fatalf("the view has %d lines, want 3", len(lines))
			}
			for _, l := range lines {
				if got := ansi.StringWidth(l); got != w {
					t.Errorf("line %q is %d cells wide", l, got)
				}
			}
			if strings.ContainsAny(out, "\x1b\r\u202E") {
				t.Errorf("a control character reached the view: %q", out)
			}
			if w >= 72 && !strings.Contains(lines[1], "✓ followed") {
				t.Errorf("the reviewed step lacks its verdict: %q", lines[1])
			}
			if w >= 120 && !strings.Contains(lines[1], "✓ followed · mara") {
				t.Errorf("a wide row lacks the reviewer beside the verdict: %q", lines[1])
			}
			if w >= 72 && !strings.Contains(lines[1], "⚑2") {
				t.Errorf("the step with findings lacks its flag: %q", lines[1])
			}
			if !strings.Contains(lines[1], "◇ AI") || !strings.HasPrefix(lines[0], "▸ ") {
				t.Errorf("kind glyph or selection mark missing:\n%s", out)
			}
		})
	}
}

func TestTimelineDays(t *testing.T) {
	// Ten rows an hour apart from 20:00: the last six fall on the next day.
	day := func(n int) []model.TimelineRow {
		out := rows(0, n)
		for i := range out {
			out[i].At = time.Date(2026, 3, 10, 20, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
		}
		return out
	}
	t.Run("a window over two days has a date line above the top row and above the first row of the next day", func(t *testing.T) {
		tl := NewTimeline(plainStyles())
		tl.SetSize(80, 20)
		tl.Apply(windowMsg{mode: windowReplace, rows: day(10), atStart: true, atEnd: true})
		lines := strings.Split(tuitest.Text(tl.View()), "\n")
		if !strings.HasPrefix(lines[0], "── Tue 10 Mar 2026") {
			t.Errorf("the first line is %q, want the date of the top row", lines[0])
		}
		if !strings.HasPrefix(lines[5], "── Wed 11 Mar 2026") || !strings.Contains(lines[6], "00:00:00") {
			t.Errorf("midnight has no date line:\n%s", strings.Join(lines, "\n"))
		}
	})
	t.Run("the selected row stays on screen with date lines taking room", func(t *testing.T) {
		tl := NewTimeline(plainStyles())
		tl.SetSize(80, 5)
		tl.Apply(windowMsg{mode: windowReplace, rows: day(10), atStart: true, atEnd: true})
		for i := 0; i < 9; i++ {
			tl.Move(1)
			if !strings.Contains(tl.View(), "▸ ") {
				t.Fatalf("after %d moves the selected row is off screen:\n%s", i+1, tl.View())
			}
			if n := strings.Count(tl.View(), "\n") + 1; n != 5 {
				t.Fatalf("the view has %d lines for 5 rows", n)
			}
		}
	})
	t.Run("a day of its own has no date lines", func(t *testing.T) {
		tl := NewTimeline(plainStyles())
		tl.SetSize(80, 20)
		tl.Apply(windowMsg{mode: windowReplace, rows: rows(0, 10), atStart: true, atEnd: true})
		if strings.Contains(tl.View(), "──") {
			t.Errorf("a one-day window has a date line:\n%s", tl.View())
		}
	})
}

// A page asked for one window must never be spliced into the window that
// replaced it (g, G, a jump or a filter while the page was on its way).
func TestTimelinePagesKeepToTheirWindow(t *testing.T) {
	tl := NewTimeline(plainStyles())
	tl.SetSize(80, 10)
	old := tl.NewWindow()
	tl.Apply(windowMsg{mode: windowReplace, gen: old, rows: rows(0, chunk), atStart: true})
	tl.loadingAfter = true // a page after row 255 is on its way
	now := tl.NewWindow()  // G: the last page is asked for
	tl.Apply(windowMsg{mode: windowReplace, gen: now, rows: rows(9000, chunk), atEnd: true, selectLast: true})
	if changed := tl.Apply(windowMsg{mode: windowAppend, gen: old, rows: rows(chunk, chunk)}); changed {
		t.Errorf("the stray page changed the selection")
	}
	for i := 1; i < len(tl.rows); i++ {
		if !tl.rows[i-1].At.Before(tl.rows[i].At) {
			t.Fatalf("row %d (%s) does not follow row %d (%s): a stray page was spliced in", i, tl.rows[i].ID, i-1, tl.rows[i-1].ID)
		}
	}
	if len(tl.rows) != chunk || tl.rows[0].ID != "E0009000" {
		t.Errorf("the window holds %d rows from %s", len(tl.rows), tl.rows[0].ID)
	}
	if tl.loadingAfter {
		t.Errorf("the new window still waits for the old window's page")
	}
}

package review

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// Column widths of a row: mark, time, kind, actor, then the summary, which
// takes what is left, and the review marks on the right. A wide timeline
// gives the actor and the marks room for a name.
const (
	colMark  = 2
	colTime  = 9
	colKind  = 8
	colActor = 13
	colFlags = 14
)

func (t *Timeline) columns() (actorW, flagsW int) {
	switch {
	case t.width >= common.Wide:
		return 17, 24
	case t.width < 60:
		return 9, colFlags
	}
	return colActor, colFlags
}

// render draws one row twice: styled, and plain for the selection bar
// (whose meaning comes from the ▸ mark, not only its colour). A row that
// holds the search text has ≈ in the mark column, and the text is marked.
func (t *Timeline) render(r model.TimelineRow) renderedRow {
	actorW, flagsW := t.columns()
	sumW := max(4, t.width-colMark-colTime-colKind-actorW-flagsW)
	when := safetext.Text(r.At.UTC().Format("15:04:05") + " ")
	kind := common.KindGlyph(r.Kind)
	if kind == "" {
		kind = safetext.LineWidth(string(r.Kind), colKind-1)
	}
	actor := common.Pad(safetext.LineWidth(r.Actor, actorW-1), actorW)
	summary := common.Pad(safetext.LineWidth(r.Summary, sumW-1), sumW)
	marks := common.Pad(t.marks(r, flagsW), flagsW)
	kst := t.styles.Kinds[r.Kind]
	mark := "  "
	if t.matches(r) {
		mark = "≈ "
	}
	plain := "▸ " + string(when) + string(common.Pad(kind, colKind)) + string(actor) + string(summary) + string(marks)
	styled := mark + common.Paint(t.styles.Muted, when) + common.Paint(kst, common.Pad(kind, colKind)) +
		common.Paint(t.styles.Muted, actor) + t.paintMatch(summary) + t.paintMarks(r, marks)
	return renderedRow{plain: common.Fit(plain, t.width), styled: common.Fit(styled, t.width)}
}

// matches reports whether the search text is in what the search looks
// at (summary, actor, id), ignoring case.
func (t *Timeline) matches(r model.TimelineRow) bool {
	if t.match == "" {
		return false
	}
	m := strings.ToLower(t.match)
	return strings.Contains(strings.ToLower(r.Summary), m) || strings.Contains(strings.ToLower(r.Actor), m) ||
		strings.Contains(strings.ToLower(r.ID), m)
}

// paintMatch marks each place the search text shows in a summary cell.
func (t *Timeline) paintMatch(cell safetext.Text) string {
	s := string(cell)
	if t.match == "" {
		return s
	}
	low, m := strings.ToLower(s), strings.ToLower(t.match)
	if len(low) != len(s) || !strings.Contains(low, m) {
		return s // a case change altered the bytes: leave the cell as it is
	}
	var b strings.Builder
	for {
		i := strings.Index(low, m)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(common.Paint(t.styles.Match, safetext.Text(s[i:i+len(m)])))
		s, low = s[i+len(m):], low[i+len(m):]
	}
}

// marks is the review mark (✓ and the verdict in force, with the reviewer
// when there is room, or ○ when a step waits for a verdict) and the
// findings flag (⚑ and a count).
func (t *Timeline) marks(r model.TimelineRow, w int) safetext.Text {
	if r.Subject == "" {
		return ""
	}
	var m safetext.Text
	if r.Verdict != "" {
		m = "✓ " + shortVerdict(r.Verdict)
		if w >= 20 {
			m += " · " + safetext.LineWidth(r.Reviewer, w-ansi.StringWidth(string(m))-7)
		}
	} else {
		m = "○ todo"
	}
	if n, ok := t.flags[r.Subject]; ok && n > 0 {
		m = common.Pad(m, w-3) + "⚑" + safetext.Text(strconv.Itoa(min(n, 99)))
	}
	return m
}

// shortVerdict is a verdict in the few letters a timeline row has.
func shortVerdict(v model.Verdict) safetext.Text {
	if v == model.VerdictNone {
		return "no AI"
	}
	return verdictWord(v)
}

func (t *Timeline) paintMarks(r model.TimelineRow, m safetext.Text) string {
	if n := t.flags[r.Subject]; n > 0 {
		s := string(m)
		i := strings.Index(s, "⚑")
		if i >= 0 {
			return common.Paint(t.styles.Verdict, safetext.Text(s[:i])) + common.Paint(t.styles.Flag, safetext.Text(s[i:]))
		}
	}
	if r.Verdict != "" {
		return common.Paint(t.styles.Verdict, m)
	}
	return common.Paint(t.styles.Muted, m)
}

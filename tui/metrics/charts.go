package metrics

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/linechart"
	"github.com/charmbracelet/lipgloss"

	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// Glyphs tell the series apart without colour.
const (
	glyphAccept    = '•'
	glyphHindsight = '×'
	glyphBoth      = '⊗'
	glyphDiagonal  = '·'
	glyphBin       = '●'
)

// charts draws the month-by-month chart and the reliability diagram of
// the selected row side by side, or one above the other when narrow.
func (m Model) charts() string {
	h := m.chartHeight()
	keep := m.keep()
	months := everyMonth(review.MonthsOf(m.cells, keep))
	rel := m.selected().Reliability
	if m.Width < 60 {
		top := h / 2
		return monthChart(m.Styles, months, m.Width, top) + "\n" + reliabilityChart(m.Styles, rel, m.Width, h-top)
	}
	left := (m.Width - 2) / 2
	return lipgloss.JoinHorizontal(lipgloss.Top,
		monthChart(m.Styles, months, left, h), "  ", reliabilityChart(m.Styles, rel, m.Width-2-left, h))
}

// monthChart plots acceptance (•) and hindsight precision (×) in percent,
// one column group per month, each labelled. Months without a value leave
// a gap.
func monthChart(s *common.Styles, months []review.MonthMetrics, w, h int) string {
	// Four columns a month at least, so every month shown has its label.
	if fit := max(2, (w-6)/4); len(months) > fit {
		months = months[len(months)-fit:]
	}
	name := "BY MONTH"
	if len(months) > 0 {
		name = "SINCE " + string(safetext.Line(months[0].Month))
	}
	title := s.PaneTitle.Render(fitWidth(name+" • accepted × right (%)", w))
	if h < 4 || w < 20 {
		return title
	}
	if len(months) == 0 {
		return title + "\n" + s.Muted.Render("no suggestions")
	}
	// Room after the last month for its label.
	maxX := float64(len(months)-1)*1.1 + 0.2
	labels := make([]string, len(months))
	for i, mo := range months {
		labels[i] = monthLabel(mo.Month, i == 0 || strings.HasSuffix(mo.Month, "-01"))
	}
	lc := linechart.New(w, h-1, 0, maxX, 0, 100,
		linechart.WithXYSteps(1, 2),
		linechart.WithStyles(s.Muted, s.Muted, s.Row),
		linechart.WithYLabelFormatter(func(_ int, v float64) string { return fmt.Sprintf("%3.0f", v) }))
	step := maxX / float64(max(1, lc.GraphWidth()))
	lc.XLabelFormatter = func(_ int, v float64) string {
		i := int(math.Round(v))
		if math.Abs(v-float64(i)) > step/2+1e-9 || i >= len(labels) {
			return ""
		}
		return labels[i]
	}
	lc.DrawXYAxisAndLabel()
	drawSeries(&lc, months, func(x review.Metrics) *float64 { return x.AcceptanceRate }, glyphAccept, s.Human)
	drawSeries(&lc, months, func(x review.Metrics) *float64 { return x.HindsightPrecision }, glyphHindsight, s.Evidence)
	for i, mo := range months {
		a, p := mo.AcceptanceRate, mo.HindsightPrecision
		if a != nil && p != nil && math.Abs(*a-*p) < 0.5/float64(h) {
			lc.DrawRuneWithStyle(onLabelRow(&lc, canvas.Float64Point{X: float64(i), Y: *a * 100}), glyphBoth, s.AI)
		}
	}
	return title + "\n" + lc.View()
}

// drawSeries joins consecutive months that have a value with the series' glyph.
func drawSeries(lc *linechart.Model, months []review.MonthMetrics, value func(review.Metrics) *float64, glyph rune, st lipgloss.Style) {
	var prev *canvas.Float64Point
	for i, mo := range months {
		v := value(mo.Metrics)
		if v == nil {
			prev = nil
			continue
		}
		p := onLabelRow(lc, canvas.Float64Point{X: float64(i), Y: *v * 100})
		if prev != nil {
			lc.DrawRuneLineWithStyle(*prev, p, glyph, st)
		} else {
			lc.DrawRuneWithStyle(p, glyph, st)
		}
		prev = &p
	}
}

// onLabelRow moves p so that it is drawn on the row the Y axis labels give
// its value. ntcharts (v0.4.0) labels the axis row with the lowest value and
// the row GraphHeight above it with the highest, but draws a point's lowest
// value one row above the axis, on a scale of GraphHeight-1 rows: without
// this, 0% showed on the row of the first step up and 50% above the row
// marked 50. The lowest value now lands on the axis line itself.
func onLabelRow(lc *linechart.Model, p canvas.Float64Point) canvas.Float64Point {
	rows := float64(lc.GraphHeight())
	lo, hi := lc.ViewMinY(), lc.ViewMaxY()
	if rows < 2 || hi <= lo {
		return p
	}
	above := (p.Y - lo) / (hi - lo) * rows // rows above the axis, by the labels
	p.Y = lo + (above-1)/(rows-1)*(hi-lo)
	return p
}

// everyMonth fills in the months between the first and the last that had
// no suggestion, so the chart leaves a gap for them instead of drawing a
// line through, and its axis keeps the calendar's spacing.
func everyMonth(months []review.MonthMetrics) []review.MonthMetrics {
	if len(months) < 2 {
		return months
	}
	first, err1 := time.Parse("2006-01", months[0].Month)
	last, err2 := time.Parse("2006-01", months[len(months)-1].Month)
	if err1 != nil || err2 != nil {
		return months
	}
	have := make(map[string]review.MonthMetrics, len(months))
	for _, mo := range months {
		have[mo.Month] = mo
	}
	var out []review.MonthMetrics
	for t := first; !t.After(last); t = t.AddDate(0, 1, 0) {
		k := t.Format("2006-01")
		mo, ok := have[k]
		if !ok {
			mo = review.MonthMetrics{Month: k}
		}
		out = append(out, mo)
	}
	return out
}

var monthNames = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// monthLabel is "Mar", or "2026" for a year's first month shown. A month
// that is not YYYY-MM (the record was changed outside signoff) is shown
// whole, as safe text.
func monthLabel(month string, withYear bool) string {
	if len(month) == 7 && month[4] == '-' {
		if mo, err := strconv.Atoi(month[5:]); err == nil && mo >= 1 && mo <= 12 {
			if withYear {
				return string(safetext.Line(month[:4]))
			}
			return monthNames[mo-1]
		}
	}
	return string(safetext.Line(month))
}

// reliabilityChart plots observed correctness (●) against mean stated
// confidence for each bin with scored suggestions; the dotted diagonal is
// a perfectly calibrated agent.
func reliabilityChart(s *common.Styles, bins []review.ReliabilityBin, w, h int) string {
	title := s.PaneTitle.Render(fitWidth("RELIABILITY ● observed · ideal", w))
	if h < 4 || w < 20 {
		return title
	}
	lc := linechart.New(w, h-1, 0, 1, 0, 1,
		linechart.WithXYSteps(1, 2),
		linechart.WithStyles(s.Muted, s.Muted, s.Row),
		linechart.WithYLabelFormatter(func(_ int, v float64) string { return fmt.Sprintf("%.1f", v) }))
	step := 1 / float64(max(1, lc.GraphWidth()))
	lc.XLabelFormatter = func(_ int, v float64) string {
		for _, t := range []float64{0, 0.5} {
			if math.Abs(v-t) <= step/2+1e-9 {
				return fmt.Sprintf("%.1f", t)
			}
		}
		if v >= 1-step*4 && v < 1-step*3 {
			return "1.0"
		}
		return ""
	}
	lc.DrawXYAxisAndLabel()
	lc.DrawRuneLineWithStyle(onLabelRow(&lc, canvas.Float64Point{X: 0, Y: 0}), onLabelRow(&lc, canvas.Float64Point{X: 1, Y: 1}), glyphDiagonal, s.Muted)
	scored := 0
	for _, b := range bins {
		if b.Count == 0 || b.MeanConfidence == nil || b.Observed == nil {
			continue
		}
		scored += b.Count
		lc.DrawRuneWithStyle(onLabelRow(&lc, canvas.Float64Point{X: *b.MeanConfidence, Y: *b.Observed}), glyphBin, s.AI)
	}
	view := lc.View()
	if scored == 0 {
		view = overlay(view, noScoredNote)
	}
	return title + "\n" + view
}

// noScoredNote stands on an empty reliability diagram. It fits the
// diagram's 39 columns at 80: the longer "no reviewed suggestion with a
// confidence yet" was cut to "… with a conf".
const noScoredNote = "no stated confidence judged yet"

// overlay writes a note on the chart's top line, after the axis labels.
func overlay(chart, note string) string {
	lines := strings.Split(chart, "\n")
	if len(lines) == 0 {
		return chart
	}
	w := lipgloss.Width(lines[0])
	lines[0] = fitWidth("     "+note, w)
	return strings.Join(lines, "\n")
}

// fitWidth pads text to w cells, or cuts it there ending in … (the
// chart's own words: a title or a note).
func fitWidth(text string, w int) string {
	return common.Fit(text, max(0, w))
}

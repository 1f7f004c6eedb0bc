package common

import (
	"io"
	"os"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/safetext"
)

// Styles holds every style of every screen, built once per renderer.
// Meaning never rests on colour alone: each kind of record also has a glyph
// and a word, so a monochrome screen reads the same.
type Styles struct {
	Header, HeaderDim, Banner, Footer, Error, Muted, Bold lipgloss.Style
	FatalBox, Pane, PaneFocused, PaneTitle                lipgloss.Style
	Row, RowSelected, Verdict, Flag, Match                lipgloss.Style
	Kinds                                                 map[model.EventKind]lipgloss.Style
	AI, Human, Exec, Evidence, Label                      lipgloss.Style
	DiffInsert, DiffDelete                                lipgloss.Style
	FindingError, FindingWarning                          lipgloss.Style
	Proposed, Current, Superseded                         lipgloss.Style
	Form, FormKey, FormValue                              lipgloss.Style
	TabActive                                             lipgloss.Style
	Note                                                  textarea.Style
	Help                                                  help.Styles
}

// kindGlyph is the glyph and word for each kind of timeline row, padded to
// one width so the columns line up.
var kindGlyph = map[model.EventKind]safetext.Text{
	model.KindAlert:      "▲ ALERT",
	model.KindTelemetry:  "· TELEM",
	model.KindNote:       "≡ NOTE ",
	model.KindComms:      "» COMMS",
	model.KindSuggestion: "◇ AI   ",
	model.KindDecision:   "● HUMAN",
	model.KindExecution:  "▶ EXEC ",
	model.KindEvidence:   "■ EVID ",
}

// KindGlyph is the glyph and word every screen shows for a kind of
// timeline row, so advice, decision and execution read the same everywhere.
func KindGlyph(k model.EventKind) safetext.Text { return kindGlyph[k] }

// Section titles: what the AI said, what a human did, what ran, and what
// stood behind it, never confusable, and the same on every screen.
const (
	TitleAI       safetext.Text = "◇ AI SUGGESTION · advice only, not an action"
	TitleHuman    safetext.Text = "● HUMAN DECISION"
	TitleExec     safetext.Text = "▶ EXECUTION · what actually ran"
	TitleEvidence safetext.Text = "■ EVIDENCE"
	TitleReview   safetext.Text = "✔ REVIEW"
	TitleFindings safetext.Text = "⚑ FINDINGS"
)

func adaptive(light, dark string) lipgloss.AdaptiveColor {
	return lipgloss.AdaptiveColor{Light: light, Dark: dark}
}

// NewStyles builds the styles for a renderer. A renderer with the Ascii
// profile (NO_COLOR, tests) gives plain text.
func NewStyles(r *lipgloss.Renderer) Styles {
	var (
		fg     = adaptive("#1a1a1a", "#e6e6e6")
		dim    = adaptive("#6b6b6b", "#8a8a8a")
		accent = adaptive("#005f87", "#5fafd7")
		red    = adaptive("#b00020", "#ff5f5f")
		yellow = adaptive("#8a6d00", "#ffd75f")
		ai     = adaptive("#7b2fa8", "#d787ff")
		human  = adaptive("#005fd7", "#5fafff")
		exec   = adaptive("#a84a00", "#ffaf5f")
		green  = adaptive("#2e7d32", "#87d787")
		selBg  = adaptive("#dadada", "#3a3a3a")
	)
	n := r.NewStyle
	s := Styles{
		Header:      n().Bold(true).Foreground(fg),
		HeaderDim:   n().Foreground(dim),
		Banner:      n().Bold(true).Foreground(adaptive("#ffffff", "#ffffff")).Background(red),
		Footer:      n().Foreground(dim),
		Error:       n().Bold(true).Foreground(red),
		Muted:       n().Foreground(dim),
		Bold:        n().Bold(true),
		FatalBox:    n().Border(lipgloss.NormalBorder()).BorderForeground(red).Padding(1, 2),
		Pane:        n().Border(lipgloss.NormalBorder()).BorderForeground(dim),
		PaneFocused: n().Border(lipgloss.ThickBorder()).BorderForeground(accent),
		PaneTitle:   n().Bold(true).Foreground(accent),
		Row:         n(),
		RowSelected: n().Background(selBg).Bold(true),
		Verdict:     n().Foreground(green),
		Flag:        n().Foreground(red).Bold(true),
		Match:       n().Foreground(yellow).Bold(true).Underline(true),
		Kinds: map[model.EventKind]lipgloss.Style{
			model.KindAlert:      n().Foreground(red),
			model.KindTelemetry:  n().Foreground(dim),
			model.KindNote:       n().Foreground(fg),
			model.KindComms:      n().Foreground(fg),
			model.KindSuggestion: n().Foreground(ai).Italic(true),
			model.KindDecision:   n().Foreground(human).Bold(true),
			model.KindExecution:  n().Foreground(exec).Bold(true),
			model.KindEvidence:   n().Foreground(green),
		},
		AI:             n().Foreground(ai).Bold(true),
		Human:          n().Foreground(human).Bold(true),
		Exec:           n().Foreground(exec).Bold(true),
		Evidence:       n().Foreground(green).Bold(true),
		Label:          n().Foreground(dim),
		DiffInsert:     n().Foreground(green).Underline(true),
		DiffDelete:     n().Foreground(red).Strikethrough(true),
		FindingError:   n().Foreground(red).Bold(true),
		FindingWarning: n().Foreground(yellow),
		Proposed:       n().Foreground(accent),
		Current:        n().Foreground(green).Bold(true),
		Superseded:     n().Foreground(dim),
		Form:           n().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		FormKey:        n().Bold(true).Foreground(accent),
		FormValue:      n().Bold(true),
		TabActive:      n().Bold(true).Underline(true).Foreground(accent),
	}
	s.Note = textarea.Style{Base: n(), CursorLine: n(), CursorLineNumber: n(), EndOfBuffer: n().Foreground(dim),
		LineNumber: n(), Placeholder: n().Foreground(dim), Prompt: n().Foreground(accent), Text: n()}
	s.Help = help.Styles{
		ShortKey:       n().Foreground(accent),
		ShortDesc:      n().Foreground(dim),
		ShortSeparator: n().Foreground(dim),
		Ellipsis:       n().Foreground(dim),
		FullKey:        n().Foreground(accent),
		FullDesc:       n().Foreground(dim),
		FullSeparator:  n().Foreground(dim),
	}
	return s
}

// NewRenderer returns a renderer for w (standard output when nil). Its
// colour profile follows the terminal and NO_COLOR; noColor forces
// monochrome. The background is asked for now, before the program owns
// the terminal's input, so the answer cannot be mistaken for key presses.
func NewRenderer(w io.Writer, noColor bool) *lipgloss.Renderer {
	if w == nil {
		w = os.Stdout
	}
	r := lipgloss.NewRenderer(w)
	if noColor {
		r.SetColorProfile(termenv.Ascii)
	}
	r.HasDarkBackground()
	return r
}

package metrics

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
)

// Styles holds every style of the metrics screen, built once from a
// renderer; an Ascii renderer (NO_COLOR) gives plain text, and the charts
// tell their series apart by glyph, not colour.
type Styles struct {
	Title, Muted, Header, Selected, Tab, TabActive lipgloss.Style
	Accept, Hindsight, Diagonal, Point, Axis       lipgloss.Style
	Error, Plain                                   lipgloss.Style
	Help                                           help.Styles
}

func adaptive(light, dark string) lipgloss.AdaptiveColor {
	return lipgloss.AdaptiveColor{Light: light, Dark: dark}
}

// NewStyles builds the styles for r (the default renderer when nil).
func NewStyles(r *lipgloss.Renderer) Styles {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	var (
		fg     = adaptive("#1a1a1a", "#e6e6e6")
		dim    = adaptive("#6b6b6b", "#8a8a8a")
		accent = adaptive("#005f87", "#5fafd7")
		red    = adaptive("#b00020", "#ff5f5f")
		human  = adaptive("#005fd7", "#5fafff")
		green  = adaptive("#2e7d32", "#87d787")
		ai     = adaptive("#7b2fa8", "#d787ff")
		selBg  = adaptive("#dadada", "#3a3a3a")
	)
	n := r.NewStyle
	return Styles{
		Title:     n().Bold(true).Foreground(fg),
		Muted:     n().Foreground(dim),
		Header:    n().Bold(true).Foreground(accent),
		Selected:  n().Background(selBg).Bold(true),
		Tab:       n().Foreground(dim),
		TabActive: n().Bold(true).Underline(true).Foreground(accent),
		Accept:    n().Foreground(human).Bold(true),
		Hindsight: n().Foreground(green).Bold(true),
		Diagonal:  n().Foreground(dim),
		Point:     n().Foreground(ai).Bold(true),
		Axis:      n().Foreground(dim),
		Error:     n().Bold(true).Foreground(red),
		Plain:     n(),
		Help: help.Styles{
			ShortKey: n().Foreground(accent), ShortDesc: n().Foreground(dim), ShortSeparator: n().Foreground(dim),
			Ellipsis: n().Foreground(dim), FullKey: n().Foreground(accent), FullDesc: n().Foreground(dim),
			FullSeparator: n().Foreground(dim),
		},
	}
}

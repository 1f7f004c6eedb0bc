// Package safetext is the one way text from an incident reaches the
// terminal. Incident data is written by attackers as often as by
// responders: a summary may carry escape sequences that set the window
// title, write the clipboard (OSC 52), draw links (OSC 8), move the cursor
// or hide text with a carriage return, and bidirectional or zero-width
// characters that make a line read differently from what it holds. Every
// such character is replaced by a visible marker, so the reader sees what
// the data contains and the terminal never acts on it.
package safetext

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"

	"github.com/signoff/signoff/model"
)

// Text is text that is safe to write to a terminal: the result of Line,
// Block or LineWidth, or a literal written in this program. View code takes
// Text, not string, so a value read from the store cannot reach the screen
// without passing through this package (untyped constants still convert).
type Text string

func (t Text) String() string { return string(t) }

// Markers for the characters a terminal would act on.
const (
	markESC     = "␛"
	markDEL     = "␡"
	markCR      = "␍"
	markNewline = "␤"
	// Ellipsis marks text cut to fit; the whole text is shown elsewhere.
	Ellipsis = "…"
)

// tabWidth is the tab stop used when tabs become spaces.
const tabWidth = 4

// Line makes s safe for a single screen line: newlines become markers.
func Line(s string) Text { t, _ := clean(s, false, -1); return Text(t) }

// Block makes s safe for a multi-line viewport: newlines stay newlines.
func Block(s string) Text { t, _ := clean(s, true, -1); return Text(t) }

// LineWidth makes s safe for one line at most width cells wide, ending
// with Ellipsis when it had to be cut. It reads only as much of s as the
// width needs, so a megabyte-long field costs no more than a short one.
func LineWidth(s string, width int) Text {
	if width <= 0 {
		return ""
	}
	out, cut := clean(s, false, width)
	if !cut {
		return Truncate(Text(out), width)
	}
	return Text(ansi.Truncate(out, width-1, "") + Ellipsis)
}

// Truncate cuts safe text to width cells, ending with Ellipsis when cut.
func Truncate(t Text, width int) Text {
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(string(t)) <= width {
		return t
	}
	return Text(ansi.Truncate(string(t), width, Ellipsis))
}

// clean replaces every character a terminal would act on or that hides
// text. When maxCells >= 0 it stops once the output is wider than that
// and reports that it cut the text.
func clean(s string, multiline bool, maxCells int) (string, bool) {
	if maxCells < 0 && plainASCII(s, multiline) {
		return s, false
	}
	var b strings.Builder
	if maxCells < 0 {
		b.Grow(len(s))
	}
	col, cells := 0, 0
	// Zero-width runes (combining marks) cost no cells; cap the runes read
	// so a flood of them cannot make a bounded line unbounded work.
	budget := -1
	if maxCells >= 0 {
		budget = 4*maxCells + 64
	}
	for i := 0; i < len(s); {
		if maxCells >= 0 && (cells > maxCells || budget == 0) {
			return b.String(), true
		}
		budget--
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			w := writeStr(&b, `\x`+strings.ToUpper(strconv.FormatUint(uint64(s[i]), 16)))
			col, cells = col+w, cells+w
			i++
			continue
		}
		i += size
		switch {
		case r == '\n' && multiline:
			b.WriteByte('\n')
			col = 0
			continue
		case r == '\r' && multiline && i < len(s) && s[i] == '\n':
			continue // a CRLF line end hides nothing
		case r == '\t':
			n := tabWidth - col%tabWidth
			b.WriteString(strings.Repeat(" ", n))
			col, cells = col+n, cells+n
			continue
		}
		var w int
		if m, ok := marker(r); ok {
			w = writeStr(&b, m)
		} else {
			b.WriteRune(r)
			w = runewidth.RuneWidth(r)
		}
		col, cells = col+w, cells+w
	}
	return b.String(), false
}

func writeStr(b *strings.Builder, s string) int {
	b.WriteString(s)
	return runewidth.StringWidth(s)
}

// plainASCII reports whether s holds only printable ASCII (and newlines
// in multi-line text), which needs no work.
func plainASCII(s string, multiline bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f || c == '\n' && multiline {
			continue
		}
		return false
	}
	return true
}

// Hidden reports whether a terminal would act on r, or r would change how
// the text around it reads (controls, escape, DEL, C1, bidirectional,
// zero-width, tag and other invisible characters, model.Invisible): what this package
// replaces with a marker. Writers of other formats (JSON, CSV) escape the
// same set, so no output lets one through.
func Hidden(r rune) bool {
	_, ok := marker(r)
	return ok || r == utf8.RuneError
}

// marker returns the visible stand-in for a rune a terminal would act on
// or that would change how the text around it reads.
func marker(r rune) (string, bool) {
	switch {
	case r == 0x1b:
		return markESC, true
	case r == '\r':
		return markCR, true
	case r == '\n':
		return markNewline, true
	case r < 0x20:
		return string(rune(0x2400 + r)), true // control pictures ␀…␟
	case r == 0x7f:
		return markDEL, true
	case r >= 0x80 && r <= 0x9f:
		return escaped(r), true // C1 controls, including CSI (0x9b) and OSC (0x9d)
	case invisible(r):
		return escaped(r), true
	}
	return "", false
}

// invisible reports what draws as nothing or as something it is not:
// model.Disguised, the one set every writer marks (the separators other
// than the space, the strike-through overlays, what Unicode draws as
// nothing).
func invisible(r rune) bool { return model.Disguised(r) }

func escaped(r rune) string {
	h := strings.ToUpper(strconv.FormatInt(int64(r), 16))
	if r > 0xFFFF {
		return `\U` + strings.Repeat("0", max(0, 8-len(h))) + h
	}
	return `\u` + strings.Repeat("0", max(0, 4-len(h))) + h
}

package review

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/signoff/signoff/model"
)

// mdText makes incident text (attacker-controlled) safe to place inline in
// Markdown and to print in a terminal: line breaks (U+2028 and U+2029 too)
// become a visible ⏎, other control, format, bidirectional and zero-width
// characters, spaces other than U+0020 and strike-through overlays become
// a visible ⟨U+XXXX⟩, invalid bytes ⟨0xXX⟩, and every character Markdown could act on
// inline is backslash-escaped, so the text can neither open a link, image,
// code span, HTML tag or table cell nor start a new block.
func mdText(s string) string {
	if plainText(s) {
		return s // most ids and words need nothing: no copy
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, "⟨0x%02X⟩", s[i])
		case r == '\r' && strings.HasPrefix(s[i:], "\r\n"):
			b.WriteString("⏎ ")
			size = 2
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			b.WriteString("⏎ ")
		case r == '\t':
			b.WriteByte(' ')
		case invisible(r):
			fmt.Fprintf(&b, "⟨U+%04X⟩", r)
		case r == '_' && intraword(s, i, size):
			b.WriteByte('_') // snake_case stays readable: intraword _ never emphasises
		case mdActive(r, i):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// plainText reports whether s is printable ASCII that mdText would leave
// unchanged.
func plainText(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || mdActive(rune(c), i) {
			return false
		}
	}
	return true
}

// mdActive reports whether an ASCII character needs a backslash where it
// stands. Inline constructs (emphasis, code, links, images, autolinks, HTML,
// entities, strikethrough, table cells) all start with one of \ ` * _ [ ] <
// & ~ |, so those are always escaped; block markers (# + - = >) matter only
// at the start of a line, and mdText never emits a line break.
func mdActive(r rune, i int) bool {
	switch r {
	case '\\', '`', '*', '_', '[', ']', '<', '&', '~', '|':
		return true
	case '#', '+', '-', '=', '>':
		return i == 0
	}
	return false
}

// intraword reports whether the byte run s[i:i+size] sits between two
// letters or digits.
func intraword(s string, i, size int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i+size:])
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	return i > 0 && i+size < len(s) && isWord(before) && isWord(after)
}

// invisible reports characters a terminal or renderer would act on, hide,
// or show as something they are not: C0 and C1 controls, DEL, and
// model.Disguised, the one set the terminal's sanitiser and the JSON
// writer mark too (what draws as nothing, the spaces that are not U+0020,
// the strike-through overlays).
func invisible(r rune) bool {
	return unicode.IsControl(r) || model.Disguised(r)
}

// mdCell is mdText for a table cell: never empty, so the table keeps its shape.
func mdCell(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return mdText(s)
}

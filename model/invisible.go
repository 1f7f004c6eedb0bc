package model

import "unicode"

// Invisible reports whether r is text that draws as nothing, or changes how
// the text around it reads without showing itself: the format characters
// (bidirectional controls, zero-width spaces and joiners, the byte order
// mark, tags) and the rest of what Unicode tells renderers to draw
// invisibly (Default_Ignorable_Code_Point: variation selectors, Hangul
// fillers, the combining grapheme joiner, Khmer inherent vowels), and the
// non-characters U+FFFE and U+FFFF. It is the one list: the terminal's
// sanitiser (tui/safetext), the JSON and Markdown writers and Blank all
// mark or skip exactly these, so no output lets one through that another
// shows.
//
// A character that draws an empty cell (a space, U+2800 BRAILLE PATTERN
// BLANK, U+1D159 MUSICAL SYMBOL NULL NOTEHEAD) is not invisible: it takes
// its place on the line as a space does; Blank counts U+2800 as no
// writing all the same, and Disguised marks it, as it marks the spaces
// that are not U+0020.
//
// What every writer marks is more than this list (Disguised): the space
// separators other than U+0020 and the strike-through overlays, which
// print as something they are not, though they are not blank.
func Invisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r) ||
		unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) || r == 0xFFFE || r == 0xFFFF
}

// Disguised reports whether r, outside the controls, must be shown as an
// escape wherever incident text reaches a person: what draws as nothing
// (Invisible), the line and paragraph separators (U+2028, U+2029), the
// space separators other than the space itself, and the combining marks
// that strike through or overlay the letter before (overlay). It is the
// one set: the terminal's sanitiser (tui/safetext, and the JSON writer
// through safetext.Hidden) and the Markdown report (review/mdescape.go)
// mark exactly these, each in its own notation.
//
// A no-break, ideographic, Ogham, en or thin space (U+00A0, U+3000,
// U+1680, U+2000–U+200A, U+202F, U+205F) prints as a space but is not
// one: a key "host\u3000" reads as "host ", a command line with U+2007
// where a space stood runs another command, and the line does not break
// where a space would. U+2800 BRAILLE PATTERN BLANK is not a separator
// but draws as an empty cell in most terminal fonts, so it does the same.
// (U+1D159, which few fonts have, stays as it is.)
func Disguised(r rune) bool {
	return Invisible(r) || unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r) ||
		r != ' ' && unicode.Is(unicode.Zs, r) || r == '\u2800' || overlay(r)
}

// overlay reports the combining marks drawn across the letter before
// (Unicode's overlays and strokes: U+0334–U+0338, U+20D2, U+20D3,
// U+20D8–U+20DA, U+20E5, U+20E6, U+20EA, U+20EB), which strike text out
// or make one letter read as another. Other combining marks (accents of
// every script) are text and stay as they are.
func overlay(r rune) bool {
	switch {
	case r >= 0x0334 && r <= 0x0338, r == 0x20D2, r == 0x20D3,
		r >= 0x20D8 && r <= 0x20DA, r == 0x20E5, r == 0x20E6, r == 0x20EA, r == 0x20EB:
		return true
	}
	return false
}

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
// its place on the line as a space does and hides nothing a space would
// not; Blank counts U+2800 as no writing all the same.
//
// The terminal's sanitiser (and the JSON writer, through
// safetext.Hidden) marks more than this list: the space separators other
// than U+0020 and the strike-through overlays, which print as something
// they are not, though they are not blank.
func Invisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r) ||
		unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) || r == 0xFFFE || r == 0xFFFF
}

package safetext

import "unicode"

// Typed is what a person typed or pasted, as a new slice, with each
// character that draws as nothing or turns the text around it (bidi
// overrides, zero-width and tag characters, the braille blank, overlays:
// invisible) written as its visible escape, and each space separator as
// a space. Text fields show what they hold raw, so a pasted
// U+202E would reorder the field while it is typed; this way what the
// person sees in the field is what is recorded. Controls are left for the
// fields themselves, which drop them (and keep a pasted newline where
// they take one).
func Typed(rs []rune) []rune {
	if rs == nil {
		return nil
	}
	out := make([]rune, 0, len(rs))
	for _, r := range rs {
		// A space that is not U+0020 (a no-break space, which French
		// keyboard layouts type before ":", or an ideographic space) is
		// a space to the person typing it: recorded as one, not as an
		// escape they never meant to write.
		if r != ' ' && unicode.Is(unicode.Zs, r) {
			out = append(out, ' ')
			continue
		}
		if invisible(r) {
			out = append(out, []rune(escaped(r))...)
			continue
		}
		out = append(out, r)
	}
	return out
}

package review

import (
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/signoff/signoff/model"
)

// Characters a terminal or a Markdown renderer draws as nothing: Hangul
// fillers, the Mongolian vowel separator, the combining grapheme joiner,
// Khmer inherent vowels, variation selectors, tags.
func TestMdTextMarksEveryCharacterThatDrawsAsNothing(t *testing.T) {
	for _, r := range []rune{0x115F, 0x1160, 0x3164, 0xFFA0, 0x180E, 0x034F, 0x17B4, 0x17B5,
		0x180B, 0xFE00, 0xFE0F, 0x2065, 0xFFF0, 0xFFFE, 0xE0000, 0xE0001, 0xE0020, 0xE007F, 0xE0100, 0xE01EF} {
		in := "ad" + string(r) + "min"
		if got, want := mdText(in), fmt.Sprintf("ad⟨U+%04X⟩min", r); got != want {
			t.Errorf("mdText(%q) = %q, want %q", in, got, want)
		}
	}
}

// A braille blank takes a cell and draws it empty, as a space does.
func TestMdTextShowsABlankCellAsASpaceIsShown(t *testing.T) {
	for _, in := range []string{"a\u2800b", "a\U0001D159b", "a\u00a0b"} {
		if got := mdText(in); got != in || strings.Contains(got, "⟨") {
			t.Errorf("mdText(%q) = %q; want it as it is", in, got)
		}
	}
}

// mdText marks every character of the one shared list, so it cannot drift
// from the terminal's sanitiser and the JSON writer.
func TestMdTextMarksEveryInvisibleCharacterOfTheSharedList(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if model.Invisible(r) {
			if got, want := mdText(string(r)), fmt.Sprintf("⟨U+%04X⟩", r); got != want {
				t.Errorf("mdText(%U) = %q, want %q", r, got, want)
			}
		}
	}
}

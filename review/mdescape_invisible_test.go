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

// A braille blank draws as an empty cell in most fonts but is not a
// space: the report marks it, as the terminal's sanitiser does.
func TestMdTextMarksABrailleBlank(t *testing.T) {
	if got, want := mdText("rm -rf /srv/a\u2800/tmp"), "rm -rf /srv/a⟨U+2800⟩/tmp"; got != want {
		t.Errorf("mdText = %q, want %q", got, want)
	}
}

// A null notehead takes a cell and draws it empty, as a space does, where
// a font has it at all.
func TestMdTextShowsABlankCellAsASpaceIsShown(t *testing.T) {
	for _, in := range []string{"a\U0001D159b"} {
		if got := mdText(in); got != in || strings.Contains(got, "⟨") {
			t.Errorf("mdText(%q) = %q; want it as it is", in, got)
		}
	}
}

// Spaces that are not U+0020 print as a space, and overlays strike
// through the letter before: a command line in the report with U+2007
// where a space stood, or a struck-out letter, would read as another
// action. The report marks them as the terminal's sanitiser does.
func TestMdTextMarksSpacesThatAreNotSpacesAndStrikeThroughMarks(t *testing.T) {
	for _, r := range []rune{0x00A0, 0x1680, 0x2000, 0x2002, 0x2007, 0x200A, 0x202F, 0x205F, 0x3000,
		0x0334, 0x0336, 0x0338, 0x20D2, 0x20D3, 0x20D8, 0x20E5, 0x20EA, 0x20EB} {
		in := "rm -rf /srv/a" + string(r) + "/tmp"
		if got, want := mdText(in), fmt.Sprintf("rm -rf /srv/a⟨U+%04X⟩/tmp", r); got != want {
			t.Errorf("mdText(%q) = %q, want %q", in, got, want)
		}
	}
}

// mdText marks every character of the one shared set, so it cannot drift
// from the terminal's sanitiser and the JSON writer: the line and
// paragraph separators as the line break they are, the rest as ⟨U+XXXX⟩.
func TestMdTextMarksEveryCharacterOfTheSharedSet(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !model.Disguised(r) {
			continue
		}
		want := fmt.Sprintf("⟨U+%04X⟩", r)
		if r == '\u2028' || r == '\u2029' {
			want = "⏎ "
		}
		if got := mdText(string(r)); got != want {
			t.Errorf("mdText(%U) = %q, want %q", r, got, want)
		}
	}
}

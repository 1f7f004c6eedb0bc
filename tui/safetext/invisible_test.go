package safetext

import (
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/signoff/signoff/model"
)

// drawsAsNothing are characters a terminal draws as nothing, or as a blank
// nobody can tell from nothing, though they are text: Hangul fillers, the
// Mongolian vowel separator, the combining grapheme joiner, Khmer inherent
// vowels, variation selectors, tags.
var drawsAsNothing = []rune{0x115F, 0x1160, 0x3164, 0xFFA0, 0x180E, 0x034F, 0x17B4, 0x17B5,
	0x180B, 0xFE00, 0xFE0F, 0x2065, 0xFFF0, 0xE0000, 0xE0001, 0xE0020, 0xE007F, 0xE0100, 0xE01EF}

func TestEveryCharacterThatDrawsAsNothingIsMarked(t *testing.T) {
	for _, r := range drawsAsNothing {
		t.Run(fmt.Sprintf("%U is marked", r), func(t *testing.T) {
			in := "ad" + string(r) + "min"
			for name, got := range map[string]Text{"Line": Line(in), "Block": Block(in), "LineWidth": LineWidth(in, 40)} {
				if strings.ContainsRune(string(got), r) || !strings.Contains(string(got), escaped(r)) {
					t.Errorf("%s(%q) = %q; want %s in place of the character", name, in, got, escaped(r))
				}
			}
			if !Hidden(r) {
				t.Errorf("Hidden(%U) is false, so the JSON writer lets it through", r)
			}
		})
	}
}

// A braille blank (U+2800) draws as an empty cell in most terminal fonts
// but is not a space: a path or a command line with one where a space
// stood reads as two words and is one. It is marked, in every way text
// reaches the screen, and the JSON writer escapes it.
func TestABrailleBlankIsMarked(t *testing.T) {
	in := "rm -rf /srv/a\u2800/tmp"
	want := `rm -rf /srv/a\u2800/tmp`
	for name, got := range map[string]Text{"Line": Line(in), "Block": Block(in), "LineWidth": LineWidth(in, 40)} {
		if string(got) != want {
			t.Errorf("%s(%q) = %q; want %q", name, in, got, want)
		}
	}
	if got := string(Typed([]rune(in))); got != want {
		t.Errorf("Typed(%q) = %q; want %q", in, got, want)
	}
	if !Hidden(0x2800) {
		t.Error("Hidden(U+2800) is false, so the JSON writer lets it through")
	}
}

// A null notehead takes a cell and draws it empty, as a space does, where
// a font has it at all: it is shown as it is, as spaces are.
func TestCharactersThatDrawABlankCellAreShownAsSpacesAre(t *testing.T) {
	for _, r := range []rune{0x1D159, ' '} {
		if in := "a" + string(r) + "b"; string(Line(in)) != in {
			t.Errorf("Line(%q) = %q; want it as it is", in, Line(in))
		}
	}
}

// printsAsAnother are characters that print as a space without being one
// (every space separator but U+0020), and the combining marks that strike
// through or overlay the letter before.
var printsAsAnother = []rune{0x00A0, 0x1680, 0x2000, 0x2002, 0x2007, 0x200A, 0x202F, 0x205F, 0x3000,
	0x0334, 0x0335, 0x0336, 0x0337, 0x0338, 0x20D2, 0x20D3, 0x20D8, 0x20D9, 0x20DA, 0x20E5, 0x20E6, 0x20EA, 0x20EB}

func TestSpacesThatAreNotSpacesAndStrikeThroughMarksAreEscaped(t *testing.T) {
	for _, r := range printsAsAnother {
		in := "host" + string(r) + string(r) + "x"
		for name, got := range map[string]Text{"Line": Line(in), "Block": Block(in), "LineWidth": LineWidth(in, 40)} {
			if want := "host" + escaped(r) + escaped(r) + "x"; string(got) != want {
				t.Errorf("%s(%q) = %q; want %q", name, in, got, want)
			}
		}
		if !Hidden(r) {
			t.Errorf("Hidden(%U) is false, so the JSON writer lets it through", r)
		}
	}
}

// Accents of every script are text: only the overlays are marked.
func TestAccentsAreShownAsTheyAre(t *testing.T) {
	for _, in := range []string{"café", "cafe\u0301", "Ελληνικά", "हिन्दी", "Tiếng Việt", "ñ\u0303", "e\u20D7"} {
		if got := Line(in); string(got) != in {
			t.Errorf("Line(%q) = %q; want it as it is", in, got)
		}
	}
}

// The sanitiser marks every character of the one shared set, so it
// cannot drift from the JSON and Markdown writers.
func TestEveryCharacterOfTheSharedSetIsMarked(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if model.Disguised(r) && !Hidden(r) {
			t.Errorf("model.Disguised(%U) but the sanitiser shows it as it is", r)
		}
	}
}

package safetext

import "testing"

// What a person types is recorded as they see it: a character that draws
// as nothing or reorders the text is written as its escape, a space that
// is not U+0020 (a French layout's no-break space before ":") as a space,
// and letters with their accents as they are.
func TestTypedTextIsRecordedAsThePersonSeesIt(t *testing.T) {
	cases := map[string]string{
		"Remarque\u00a0: ok":     "Remarque : ok",
		"a\u3000b\u2009c\u202fd": "a b c d",
		"bad\u202eevil":          `bad\u202Eevil`,
		"zero\u200bwidth":        `zero\u200Bwidth`,
		"struck\u0336":           `struck\u0336`,
		"café naïve":             "café naïve",
	}
	for in, want := range cases {
		if got := string(Typed([]rune(in))); got != want {
			t.Errorf("Typed(%q) = %q; want %q", in, got, want)
		}
	}
}

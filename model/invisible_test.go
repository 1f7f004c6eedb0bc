package model

import (
	"testing"
	"unicode"
)

// Text of only invisible characters is blank: Blank reads the same list
// the sanitisers mark.
func TestEveryInvisibleCharacterIsBlank(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if Invisible(r) && !Blank(string(r)) {
			t.Errorf("Invisible(%U) but Blank says it can be read", r)
		}
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"
)

// Characters a terminal draws as nothing are written as escapes, as
// safetext marks them on screen: Hangul fillers, the Mongolian vowel
// separator, the combining grapheme joiner, Khmer inherent vowels,
// variation selectors, tags.
func TestSafeJSONEscapesEveryCharacterThatDrawsAsNothing(t *testing.T) {
	for _, r := range []rune{0x115F, 0x1160, 0x3164, 0xFFA0, 0x180E, 0x034F, 0x17B4, 0x17B5,
		0x180B, 0xFE00, 0xFE0F, 0x2065, 0xFFF0, 0xE0000, 0xE0001, 0xE0020, 0xE007F, 0xE0100, 0xE01EF} {
		in := "ad" + string(r) + "min"
		want := fmt.Sprintf(`ad\u%04x`, r)
		if r > 0xFFFF {
			hi, lo := utf16.EncodeRune(r)
			want = fmt.Sprintf(`ad\u%04x\u%04x`, hi, lo)
		}
		var out bytes.Buffer
		if err := writeJSON(&out, in); err != nil {
			t.Fatal(err)
		}
		var back string
		if !strings.Contains(out.String(), want+"min") || json.Unmarshal(out.Bytes(), &back) != nil || back != in {
			t.Errorf("%U: wrote %s; want %smin, decoding to the same text", r, out.String(), want)
		}
	}
}

package common

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/review"
)

func TestTheKeyBehindARecordIsNamedWithHowItProvesIt(t *testing.T) {
	key := "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"
	cases := []struct {
		name  string
		proof review.Proof
		want  string
	}{
		{"a signature that holds", review.Proof{State: review.ProofSigned, Key: key}, key + " (signed)"},
		{"a record made in a session", review.Proof{State: review.ProofLoggedIn, Key: key}, key + " (logged in)"},
		{"a record with neither", review.Proof{}, ""},
		{"a signature that holds with no roster to say whose key", review.Proof{State: review.ProofUnlisted, Key: key},
			key + " (signature holds; no roster names whose key)"},
		{"a forged signature", review.Proof{State: review.ProofBroken, Key: key, Problem: "it does not verify over its statement"},
			key + " ⚠ signature does not verify: it does not verify over its statement"},
		{"a problem's text is made safe", review.Proof{State: review.ProofBroken, Key: key, Problem: "its statement is by \x1b[2Jalice"},
			key + " ⚠ signature does not verify: its statement is by ␛[2Jalice"},
	}
	for _, c := range cases {
		if got := string(Proof(c.proof)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestWrappingKeepsEachCharacterWhole(t *testing.T) {
	cases := []struct {
		name, text string
		w          int
		want       []string
	}{
		{"an accent stays with the letter it sits on", "abcde\u0301fgh", 5, []string{"abcde\u0301", "fgh"}},
		// (U+FE0F, which usually comes between them, is shown as a marker:
		// model.Invisible counts variation selectors.)
		{"a keycap's mark stays with its digit", "abcd1\u20e3xyz", 5, []string{"abcd1\u20e3", "xyz"}},
		{"text that fits is left alone", "cafe\u0301", 10, []string{"cafe\u0301"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := WrapLines(c.text, c.w)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("WrapLines(%q, %d) = %q, want %q", c.text, c.w, got, c.want)
			}
		})
	}
}

func TestWrapTextKeepsTheTextsOwnLineBreaks(t *testing.T) {
	got := WrapText("abcde\u0301fgh\n\u0301x", 5, " -")
	want := []string{"abcde\u0301", "fgh", "\u0301x"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("WrapText = %q, want %q: a mark that begins a line of the text stays there", got, want)
	}
}

// A line cut to the terminal says it was cut: "5 p" would read as all
// there is. Only padding cut away needs no mark.
func TestALineCutToTheWidthEndsInAnEllipsis(t *testing.T) {
	cases := []struct {
		name, line string
		w          int
		want       string
	}{
		{"a count cut in the middle", "INC-2046  0/8 reviewed  5 pending", 26, "INC-2046  0/8 reviewed  5…"},
		{"padding alone cut", "INC-2046 5 pending      ", 18, "INC-2046 5 pending"},
		{"a styled line cut", "\x1b[7m▸ revoke_token mcp-cloud-token\x1b[0m", 10, "▸ revoke_…"},
		{"a line that fits is padded", "abc", 5, "abc  "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Fit(c.line, c.w)
			if plain := ansi.Strip(got); plain != c.want || ansi.StringWidth(got) != c.w {
				t.Errorf("Fit: %q (%d cells), want %q", plain, ansi.StringWidth(got), c.want)
			}
			if clipped := ansi.Strip(ClipLines(c.line, c.w)); clipped != strings.TrimRight(c.want, " ") && clipped != c.line {
				t.Errorf("ClipLines: %q, want %q", clipped, c.want)
			}
		})
	}
}

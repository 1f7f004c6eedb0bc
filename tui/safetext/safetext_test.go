package safetext

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// actionable reports the first rune of out a terminal would act on or that
// hides text, or -1 when there is none.
func actionable(out string, multiline bool) rune {
	if !utf8.ValidString(out) {
		return utf8.RuneError
	}
	for _, r := range out {
		switch {
		case r == '\n' && multiline:
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
			return r
		case unicode.Is(unicode.Cf, r), r == 0x2028, r == 0x2029:
			return r
		}
	}
	return -1
}

func TestHostileInputIsShownNotInterpreted(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []string // substrings that must appear in Line(in)
	}{
		{"an OSC 52 clipboard write is shown as text", "x\x1b]52;c;cm0gLXJmIC8=\x07y", []string{"x␛]52;c;cm0gLXJmIC8=␇y"}},
		{"an OSC 8 link shows its target", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", []string{"␛]8;;https://evil.example␛\\click"}},
		{"an OSC 0 title set is shown", "\x1b]0;pwned\x07", []string{"␛]0;pwned␇"}},
		{"an OSC 2 title set ended by ST is shown", "\x1b]2;pwned\x1b\\", []string{"␛]2;pwned␛\\"}},
		{"cursor movement is shown", "a\x1b[2Ab\x1b[10;20H", []string{"a␛[2Ab␛[10;20H"}},
		{"erase display is shown", "\x1b[2J\x1b[3J", []string{"␛[2J␛[3J"}},
		{"a carriage return and erase-line cannot hide the text before it", "rm -rf /\r\x1b[2Kls -l", []string{"rm -rf /␍␛[2Kls -l"}},
		{"a device-status query is shown", "\x1b[6n\x1b[c", []string{"␛[6n␛[c"}},
		{"the text after an unterminated OSC stays visible", "\x1b]0;everything after this", []string{"␛]0;everything after this"}},
		{"a raw C1 CSI is shown", "a\u009b2Jb", []string{`a\u009B2Jb`}},
		{"a raw C1 OSC is shown", "\u009d52;c;x\u009c", []string{`\u009D52;c;x\u009C`}},
		{"a lone C1 byte is shown as invalid UTF-8", "a\x9bb", []string{`a\x9Bb`}},
		{"invalid UTF-8 is shown as bytes", "ok\xff\xfe!", []string{`ok\xFF\xFE!`}},
		{"a right-to-left override is shown", "invoice\u202Etxt.exe", []string{`invoice\u202Etxt.exe`}},
		{"bidi isolates and marks are shown", "\u2066a\u2067b\u2068c\u2069\u200E\u200F\u061C", []string{`\u2066a\u2067b\u2068c\u2069\u200E\u200F\u061C`}},
		{"zero-width characters are shown", "ad\u200Bmin\u200C\u200D\u2060\uFEFF", []string{`ad\u200Bmin\u200C\u200D\u2060\uFEFF`}},
		{"tag characters smuggling hidden text are shown", "ok\U000E0041", []string{`ok\U000E0041`}},
		{"DEL and NUL are shown", "a\x7fb\x00c", []string{"a␡b␀c"}},
		{"a bell is shown", "ding\a", []string{"ding␇"}},
		{"a newline in a one-line field is shown", "line one\nline two", []string{"line one␤line two"}},
		{"a tab becomes spaces", "a\tb", []string{"a   b"}},
		{"ordinary text is untouched", "revoke_token → deploy-bot (café, 東京)", []string{"revoke_token → deploy-bot (café, 東京)"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := string(Line(c.in))
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("Line(%q) = %q, want it to contain %q", c.in, got, w)
				}
			}
			if r := actionable(got, false); r != -1 {
				t.Errorf("Line(%q) = %q still holds %U", c.in, got, r)
			}
			if r := actionable(string(Block(c.in)), true); r != -1 {
				t.Errorf("Block(%q) still holds %U", c.in, r)
			}
			lw := string(LineWidth(c.in, 12))
			if r := actionable(lw, false); r != -1 {
				t.Errorf("LineWidth(%q) still holds %U", c.in, r)
			}
			if w := ansi.StringWidth(lw); w > 12 {
				t.Errorf("LineWidth(%q, 12) is %d cells wide: %q", c.in, w, lw)
			}
		})
	}
}

func TestBlockKeepsLines(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"newlines stay newlines", "a\nb", "a\nb"},
		{"a CRLF line end is a plain newline", "a\r\nb", "a\nb"},
		{"a lone carriage return is shown", "a\rb", "a␍b"},
		{"tabs align to stops of four", "ab\tc\n\td", "ab  c\n    d"},
		{"escapes on a later line are shown", "ok\n\x1b[1A\x1b[2Kfake", "ok\n␛[1A␛[2Kfake"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := string(Block(c.in)); got != c.want {
				t.Errorf("Block(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestLineWidthMarksWhatItCuts(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		width int
		want  string
	}{
		{"short text is kept whole", "abc", 5, "abc"},
		{"text of exactly the width is kept whole", "abcde", 5, "abcde"},
		{"longer text ends with an ellipsis", "abcdefgh", 5, "abcd…"},
		{"wide characters are counted as two cells", "東京都庁舎", 5, "東京…"},
		{"a marker that would overflow is cut", "ab\u202Ecd", 5, `ab\u…`},
		{"zero width gives nothing", "abc", 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := string(LineWidth(c.in, c.width)); got != c.want {
				t.Errorf("LineWidth(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
			}
		})
	}
}

func TestAMegabyteLineStaysBounded(t *testing.T) {
	big := strings.Repeat("A\x1b[2J\u202E", 1<<20/8)
	t.Run("the one-line form holds every character, made safe", func(t *testing.T) {
		got := string(Line(big))
		if r := actionable(got, false); r != -1 {
			t.Fatalf("Line of 1 MB still holds %U", r)
		}
		if !strings.HasSuffix(got, `A␛[2J\u202E`) {
			t.Errorf("Line of 1 MB lost its end: %q", got[len(got)-40:])
		}
	})
	t.Run("the bounded form is at most the width asked for and ends with a mark", func(t *testing.T) {
		got := string(LineWidth(big, 80))
		if w := ansi.StringWidth(got); w != 80 {
			t.Errorf("LineWidth(1 MB, 80) is %d cells wide", w)
		}
		if !strings.HasSuffix(got, Ellipsis) {
			t.Errorf("LineWidth(1 MB, 80) = %q, want it to end with %q", got, Ellipsis)
		}
	})
	t.Run("a flood of combining marks is cut too", func(t *testing.T) {
		got := string(LineWidth("a"+strings.Repeat("\u0301", 1<<20), 10))
		if len(got) > 4096 || !strings.HasSuffix(got, Ellipsis) {
			t.Errorf("LineWidth of combining marks gave %d bytes", len(got))
		}
	})
}

func BenchmarkLineWidthMegabyte(b *testing.B) {
	big := strings.Repeat("x\x1b", 1<<19)
	for b.Loop() {
		LineWidth(big, 160)
	}
}

func BenchmarkLineMegabyte(b *testing.B) {
	big := strings.Repeat("x\x1b", 1<<19)
	for b.Loop() {
		Line(big)
	}
}

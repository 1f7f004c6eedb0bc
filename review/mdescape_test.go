package review

import (
	"strings"
	"testing"
	"unicode"
)

func TestMdText(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"plain words pass through", "Token theft via IDE extension", "Token theft via IDE extension"},
		{"snake_case stays readable", "revoke_token on deploy_bot", "revoke_token on deploy_bot"},
		{"a link cannot be opened", "click](javascript:alert(1))", `click\](javascript:alert(1))`},
		{"an image cannot be opened", "![x](http://e/x.png)", `!\[x\](http://e/x.png)`},
		{"backticks cannot open code", "run `rm -rf /`", "run \\`rm -rf /\\`"},
		{"emphasis markers are escaped", "*bold* _it_ ~~gone~~", `\*bold\* \_it\_ \~\~gone\~\~`},
		{"HTML and autolinks are escaped", "<script>x</script> <http://e>", `\<script>x\</script> \<http://e>`},
		{"entities are escaped", "&#x202E; &amp;", `\&#x202E; \&amp;`},
		{"table pipes are escaped", "a | b", `a \| b`},
		{"a newline cannot start a heading", "ok\n# Owned", `ok⏎ # Owned`},
		{"a leading hash cannot make a heading", "# title", `\# title`},
		{"a leading dash cannot make a list", "- item", `\- item`},
		{"a carriage return is shown", "a\r\nb\rc", "a⏎ b⏎ c"},
		{"escape sequences are made visible", "\x1b]52;c;aGk=\x07", `⟨U+001B⟩\]52;c;aGk=⟨U+0007⟩`},
		{"C1 controls are made visible", "a\u009bb", "a⟨U+009B⟩b"},
		{"bidi overrides are made visible", "abc\u202Edef", "abc⟨U+202E⟩def"},
		{"zero-width characters are made visible", "a\u200bb\u200dc\ufeff", "a⟨U+200B⟩b⟨U+200D⟩c⟨U+FEFF⟩"},
		{"invalid UTF-8 is shown as bytes", "a\xffb", "a⟨0xFF⟩b"},
		{"backslashes are escaped", `C:\temp\`, `C:\\temp\\`},
		{"tabs become spaces", "a\tb", "a b"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := mdText(tc.in); got != tc.want {
				t.Errorf("mdText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// Whatever the input, the output has no line break, no control or format
// character, and every Markdown opener is escaped.
func TestMdTextNeverLeaksStructure(t *testing.T) {
	hostile := []string{
		"](javascript:alert(1))", "```\ncode\n```", "\n\n## Heading\n| a | b |\n|---|---|",
		"\x1b[2J\x1b[H", "\u2028\u2029\u0085", "<img src=x onerror=alert(1)>", strings.Repeat("`", 40),
		"\x9b31m", "\u2066\u2067\u2068\u2069\u200e\u200f\u061c",
	}
	for _, in := range hostile {
		t.Run("hostile "+strings.ToValidUTF8(strings.Map(func(r rune) rune {
			if unicode.IsPrint(r) {
				return r
			}
			return '?'
		}, in), "?"), func(t *testing.T) {
			out := mdText(in)
			for i, r := range out {
				if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
					t.Fatalf("output %q keeps %U", out, r)
				}
				if strings.ContainsRune("`[]<|", r) && (i == 0 || out[i-1] != '\\') {
					t.Fatalf("output %q has an unescaped %q", out, r)
				}
			}
		})
	}
}

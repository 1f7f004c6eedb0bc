package main

import (
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/signoff/signoff/model/export/exporttest"
	"github.com/signoff/signoff/tui/safetext"
)

func TestSafeJSONShowsWhatATerminalWouldHide(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"a C1 CSI becomes an escape", "a\u009b2Jb", `a\u009b2Jb`},
		{"a bidi override becomes an escape", "file\u202egpj.exe", `file\u202egpj.exe`},
		{"a zero-width space becomes an escape", "ad\u200bmin", `ad\u200bmin`},
		{"plain accents stay as they are", "Tomás Ferreira", "Tomás Ferreira"},
		{"tag characters become surrogate-pair escapes", "ok\U000E0041\U000E007F", `ok\udb40\udc41\udb40\udc7f`},
		{"interlinear annotation characters become escapes", "a\ufff9b\ufffac\ufffb", `a\ufff9b\ufffac\ufffb`},
		{"DEL becomes an escape", "rm\x7f -rf", `rm\u007f -rf`},
		{"a word joiner becomes an escape", "ad\u2060min", `ad\u2060min`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := writeJSON(&out, c.in); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), c.want) {
				t.Fatalf("got %s, want it to contain %s", out.String(), c.want)
			}
			var back string
			if err := json.Unmarshal(out.Bytes(), &back); err != nil || back != c.in {
				t.Fatalf("the escaped JSON decodes to %q (%v), want the same data %q", back, err, c.in)
			}
		})
	}
}

func TestSafeJSONHandlesARuneSplitAcrossWrites(t *testing.T) {
	var out bytes.Buffer
	w := newSafeJSONWriter(&out)
	b := []byte(`"x` + "\u202e" + `y"`)
	for i := range b { // one byte a write: every rune arrives in pieces
		if _, err := w.Write(b[i : i+1]); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	if out.String() != `"x\u202ey"` {
		t.Fatalf("got %s", out.String())
	}
}

// eachRune is the writer's rule applied one rune at a time, as it was
// written before it passed clean runs through whole.
func eachRune(data []byte) []byte {
	var out []byte
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == 0x7f || (r >= utf8.RuneSelf || r == utf8.RuneError) && safetext.Hidden(r) {
			out = appendEscape(out, r)
		} else {
			out = append(out, data[:size]...)
		}
		data = data[size:]
	}
	return out
}

func TestSafeJSONWritesTheSameHoweverTheTextIsCut(t *testing.T) {
	text := []byte(strings.Join(exporttest.Hostile, "\x7f|") + "end \u202e")
	want := eachRune(text)
	r := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		var out bytes.Buffer
		w := newSafeJSONWriter(&out)
		for rest := text; len(rest) > 0; {
			n := min(len(rest), 1+r.IntN(40))
			if _, err := w.Write(rest[:n]); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), want) {
			t.Fatalf("got\n%q\nwant\n%q", out.Bytes(), want)
		}
	}
}

// The writer reads plain ASCII eight bytes at a time: DEL, any byte above
// it and every hidden character is still found wherever it falls in a word
// of eight, or across two.
func TestSafeJSONFindsACharacterAnywhereInAWord(t *testing.T) {
	marks := []struct{ name, raw, want string }{
		{"DEL", "\x7f", `\u007f`},
		{"a C1 control", "\u0085", `\u0085`},
		{"a zero-width space", "\u200b", `\u200b`},
		{"a visible letter", "é", "é"},
	}
	for _, m := range marks {
		for at := 0; at < 17; at++ {
			pad := strings.Repeat("a", at)
			rest := strings.Repeat("~", 24-at)
			var b bytes.Buffer
			w := newSafeJSONWriter(&b)
			if _, err := w.Write([]byte(pad + m.raw + rest)); err != nil {
				t.Fatal(err)
			}
			if got, want := b.String(), pad+m.want+rest; got != want {
				t.Errorf("%s at byte %d: wrote %q, want %q", m.name, at, got, want)
			}
		}
	}
}

func BenchmarkSafeJSONWriterASCII(b *testing.B) {
	line := []byte(strings.Repeat(`    "summary": "a plain line of an export",`+"\n", 1500))
	w := newSafeJSONWriter(io.Discard)
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		w.Write(line)
	}
}

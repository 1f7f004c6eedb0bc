package main

import (
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"
)

// safeJSONWriter rewrites characters a terminal could act on, or that hide
// or reorder text (C1 controls, bidi and zero-width characters), as \uXXXX
// escapes. encoding/json already escapes C0 controls; in JSON such
// characters can only stand inside strings, so the escaped text decodes to
// the same data while a person reading it in a terminal sees them.
type safeJSONWriter struct {
	w       io.Writer
	pending []byte // an incomplete UTF-8 sequence carried to the next Write
}

func newSafeJSONWriter(w io.Writer) *safeJSONWriter { return &safeJSONWriter{w: w} }

func (s *safeJSONWriter) Write(p []byte) (int, error) {
	data := append(s.pending, p...)
	s.pending = nil
	out := make([]byte, 0, len(data)+16)
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			out = append(out, c)
			i++
			continue
		}
		if !utf8.FullRune(data[i:]) {
			s.pending = append([]byte(nil), data[i:]...)
			break
		}
		r, size := utf8.DecodeRune(data[i:])
		if needsJSONEscape(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, data[i:i+size]...)
		}
		i += size
	}
	if _, err := s.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes any trailing partial sequence as it was (encoding/json never
// ends inside a rune, so this only matters for foreign input).
func (s *safeJSONWriter) Flush() error {
	if len(s.pending) == 0 {
		return nil
	}
	_, err := s.w.Write(s.pending)
	s.pending = nil
	return err
}

func needsJSONEscape(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f: // C1 controls: 0x9b is CSI on some terminals
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true // bidi marks, embeddings, overrides and isolates
	case r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff, r == 0x00ad, r == 0x180e:
		return true // zero-width and invisible characters
	case r == utf8.RuneError:
		return true
	}
	return false
}

// writeJSON prints v as indented JSON through the terminal-safe writer.
func writeJSON(w io.Writer, v any) error {
	sw := newSafeJSONWriter(w)
	enc := json.NewEncoder(sw)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	return sw.Flush()
}

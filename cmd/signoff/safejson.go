package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/signoff/signoff/tui/safetext"
)

// safeJSONWriter rewrites, as \uXXXX escapes, every character that
// safetext would mark: DEL, C1 controls, bidirectional, zero-width, tag
// and other invisible characters (encoding/json already escapes C0
// controls). In JSON such characters can only stand inside strings, so the
// escaped text decodes to the same data, while a person reading it in a
// terminal, or through jq, sees them instead of their effect.
type safeJSONWriter struct {
	w       io.Writer
	pending []byte // an incomplete UTF-8 sequence carried to the next Write
	out     []byte // the escaped copy, kept between writes
}

func newSafeJSONWriter(w io.Writer) *safeJSONWriter { return &safeJSONWriter{w: w} }

// Write passes runs of bytes that need no escape through in one piece,
// and p itself when nothing in it needs one: exports write hundreds of
// megabytes through here.
func (s *safeJSONWriter) Write(p []byte) (int, error) {
	data := p
	if len(s.pending) > 0 {
		data = append(s.pending, p...)
		s.pending = nil
	}
	out, start, end := s.out[:0], 0, len(data)
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			// Structural white space is ASCII, and never DEL.
			if c == 0x7f {
				out = append(append(out, data[start:i]...), `\u007f`...)
				start = i + 1
			}
			i++
			i += plainASCII(data[i:])
			continue
		}
		if !utf8.FullRune(data[i:]) {
			s.pending = append([]byte(nil), data[i:]...)
			end = i
			break
		}
		r, size := utf8.DecodeRune(data[i:])
		if safetext.Hidden(r) {
			out = appendEscape(append(out, data[start:i]...), r)
			start = i + size
		}
		i += size
	}
	chunk := data[:end]
	if start > 0 {
		out = append(out, data[start:end]...)
		chunk, s.out = out, out
	}
	if _, err := s.w.Write(chunk); err != nil {
		return 0, err
	}
	return len(p), nil
}

// plainASCII is how many bytes b starts with, in whole words of eight,
// that are all below DEL: what an export mostly is, read eight bytes at a
// time (a byte-at-a-time loop over 500 MB took 0.4 s). A byte b is DEL or
// above exactly when b or b+1 has its top bit set; a carry into a byte
// comes only from a byte of 0xff below it, which is caught itself.
func plainASCII(b []byte) int {
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	n := 0
	for ; n+8 <= len(b); n += 8 {
		if w := binary.LittleEndian.Uint64(b[n:]); (w|(w+ones))&tops != 0 {
			break
		}
	}
	return n
}

// appendEscape writes r as JSON spells a character escaped: a surrogate
// pair above U+FFFF (tag characters are U+E0000…).
func appendEscape(out []byte, r rune) []byte {
	if r > 0xFFFF {
		hi, lo := utf16.EncodeRune(r)
		return fmt.Appendf(out, `\u%04x\u%04x`, hi, lo)
	}
	return fmt.Appendf(out, `\u%04x`, r)
}

// Flush writes any trailing partial sequence, escaped (encoding/json never
// ends inside a rune, so this only matters for foreign input).
func (s *safeJSONWriter) Flush() error {
	if len(s.pending) == 0 {
		return nil
	}
	out := make([]byte, 0, 6*len(s.pending))
	for range s.pending {
		out = appendEscape(out, utf8.RuneError)
	}
	_, err := s.w.Write(out)
	s.pending = nil
	return err
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

// safeBlockWriter passes text through safetext.Block a line at a time, so
// a report written as it is computed is made safe as it goes: Block keeps
// newlines and reads each line on its own.
type safeBlockWriter struct {
	w    io.Writer
	line []byte // the part of a line not written yet
}

func (s *safeBlockWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			s.line = append(s.line, p...)
			break
		}
		s.line = append(s.line, p[:i+1]...)
		p = p[i+1:]
		if _, err := io.WriteString(s.w, safetext.Block(string(s.line)).String()); err != nil {
			return 0, err
		}
		s.line = s.line[:0]
	}
	return n, nil
}

// Flush writes what is left of the last line.
func (s *safeBlockWriter) Flush() error {
	if len(s.line) == 0 {
		return nil
	}
	_, err := io.WriteString(s.w, safetext.Block(string(s.line)).String())
	s.line = s.line[:0]
	return err
}

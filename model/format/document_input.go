package format

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/signoff/signoff/model"
)

// docInput is a document's bytes as its decoder reads them. It keeps only
// those from the start of the record being read on, so a problem in the
// record can be shown where it stands, and counts the lines of the bytes
// it lets go of: a document of any size is read in the memory of its
// largest record, which may be no longer than a stream's line (MaxLine).
// It refuses bytes that are not UTF-8 as it reads them.
type docInput struct {
	name    string
	r       io.Reader
	buf     []byte // the input from off on
	off     int64
	line    int   // the line buf starts on
	lastNL  int64 // offset of the last newline before off, -1 when none
	checked int64 // the input before checked is valid UTF-8
	err     error // a read that failed or bytes that are not UTF-8
}

func newDocInput(name string, r io.Reader) *docInput {
	return &docInput{name: name, r: r, line: 1, lastNL: -1}
}

// Read hands the decoder what it reads, once checked; a problem stops
// the decoder with in.err.
func (in *docInput) Read(p []byte) (int, error) {
	if in.err != nil {
		return 0, in.err
	}
	// The parser lets go of the input before each value and after each
	// record (docParser.mark), so what the input holds is the value being
	// read: the decoder is never given more of it than MaxLine, and asks
	// for more only while the value is unfinished.
	room := MaxLine - len(in.buf)
	if room <= 0 {
		in.err = in.tooLong()
		return 0, in.err
	}
	n, err := in.r.Read(p[:min(len(p), room)])
	in.buf = append(in.buf, p[:n]...)
	if err != nil && !errors.Is(err, io.EOF) {
		in.err = model.Errorf(model.EINVALID, "cannot read %s: %v", in.name, err)
		return 0, in.err
	}
	if in.err = in.checkUTF8(err != nil); in.err != nil {
		return 0, in.err
	}
	return n, err
}

// tooLong refuses the value being read, at the line where it starts.
func (in *docInput) tooLong() error {
	line, col := in.lineCol(valueStart(in.buf, in.off))
	return ErrorAt(in.name, line, col, fmt.Sprintf("the record is longer than %d MiB", MaxLine>>20))
}

// checkUTF8 checks the bytes read since the last check; before the end
// of the input a character cut by the read waits for the next one.
func (in *docInput) checkUTF8(atEnd bool) error {
	data := in.buf[in.checked-in.off:]
	end := len(data)
	if !atEnd {
		for i := end - 1; i >= 0 && i >= end-utf8.UTFMax; i-- {
			if utf8.RuneStart(data[i]) {
				if !utf8.FullRune(data[i:end]) {
					end = i
				}
				break
			}
		}
	}
	if utf8.Valid(data[:end]) {
		in.checked += int64(end)
		return nil
	}
	bad := firstInvalid(data[:end])
	line, col := in.lineCol(in.checked + int64(bad))
	return notUTF8(in.name, line, col, data[bad])
}

// lineCol is the 1-based line and column (in bytes) of offset off, which
// must not be before the record being read.
func (in *docInput) lineCol(off int64) (int, int) {
	off = max(min(off, in.off+int64(len(in.buf))), in.off)
	before := in.buf[:off-in.off]
	line := in.line + bytes.Count(before, []byte{'\n'})
	last := in.lastNL
	if i := bytes.LastIndexByte(before, '\n'); i >= 0 {
		last = in.off + int64(i)
	}
	return line, int(off - last)
}

// from is the input read from offset off on.
func (in *docInput) from(off int64) []byte {
	off = max(min(off, in.off+int64(len(in.buf))), in.off)
	return in.buf[off-in.off:]
}

// advance lets go of the input before off, counting its lines.
func (in *docInput) advance(off int64) {
	off = min(off, in.checked, in.off+int64(len(in.buf)))
	if off <= in.off {
		return
	}
	gone := in.buf[:off-in.off]
	in.line += bytes.Count(gone, []byte{'\n'})
	if i := bytes.LastIndexByte(gone, '\n'); i >= 0 {
		in.lastNL = in.off + int64(i)
	}
	in.buf = in.buf[off-in.off:]
	in.off = off
}

// drainUTF8 reads on past a problem, letting go of the input as it goes,
// and returns its first byte that is not UTF-8 (or a failed read), if
// any. A document is refused for such a byte before anything else, as
// when it was read whole, so a reader that stops at a problem reads on:
// but no further than MaxLine, or an input that never ends (a .json name
// for /dev/zero, a pipe left open) would never be refused.
func (in *docInput) drainUTF8() error {
	if in.err != nil {
		return in.err
	}
	chunk := make([]byte, 64<<10)
	for limit := in.checked + MaxLine; in.checked < limit; {
		in.advance(in.checked)
		if _, err := in.Read(chunk[:min(int64(len(chunk)), limit-in.checked)]); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
	return nil
}

// firstInvalid is the index of the first byte of text that is not part of
// a valid UTF-8 character.
func firstInvalid(text []byte) int {
	off := 0
	for off < len(text) {
		r, size := utf8.DecodeRune(text[off:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	return off
}

func notUTF8(name string, line, col int, b byte) error {
	return ErrorAt(name, line, col, fmt.Sprintf("byte 0x%02X is not valid UTF-8; signoff reads UTF-8 only, so fix the file's encoding and import it again", b))
}

package format

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/signoff/signoff/model"
)

// MaxLine bounds one line of a stream, so a file without newlines cannot
// exhaust memory.
const MaxLine = 16 << 20

// LineReader reads the lines of a record stream one at a time, never
// holding more than one line.
type LineReader struct {
	name string
	br   *bufio.Reader
	line int
	long []byte // the start of a line longer than the buffer
	done bool
}

// NewLineReader reads the stream of file name from r.
func NewLineReader(name string, r io.Reader) *LineReader {
	return &LineReader{name: name, br: bufio.NewReaderSize(r, 256<<10)}
}

// Next returns the next line that is not blank, without surrounding white
// space (JSON's: space, tab, CR, LF), and its number (blank lines count). The text is only valid until
// the next call. At the end of the input the error is io.EOF; a line over
// MaxLine or a failed read is an EINVALID error naming the file.
func (lr *LineReader) Next() (int, []byte, error) {
	for !lr.done {
		chunk, err := lr.br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			if lr.long = append(lr.long, chunk...); len(lr.long) > MaxLine {
				return lr.tooLong()
			}
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			lr.done = true
			return lr.line, nil, model.Errorf(model.EINVALID, "cannot read %s: %v", lr.name, err)
		}
		lr.done = err != nil
		text := chunk
		if lr.long != nil {
			text = append(lr.long, chunk...)
			lr.long = nil
			if len(bytes.TrimRight(text, "\r\n")) > MaxLine {
				return lr.tooLong()
			}
		}
		if len(text) > 0 {
			lr.line++
			// JSON's white space only, as a document is read: a
			// no-break space or a form feed is not quietly dropped.
			if t := bytes.Trim(text, " \t\r\n"); len(t) > 0 {
				return lr.line, t, nil
			}
		}
	}
	return lr.line, nil, io.EOF
}

func (lr *LineReader) tooLong() (int, []byte, error) {
	lr.done = true
	return lr.line + 1, nil, ErrorAt(lr.name, lr.line+1, 0, fmt.Sprintf("the line is longer than %d MiB", MaxLine>>20))
}

package format

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// endless is an input that never ends (a .json name linked to /dev/zero,
// a pipe whose writer stays open); it fails once read far past any bound
// the import keeps, so a reader that would read it forever stops.
type endless struct {
	head string
	read int64
}

var errReadTooFar = errors.New("read far past the problem")

func (e *endless) Read(p []byte) (int, error) {
	if e.head != "" {
		n := copy(p, e.head)
		e.head = e.head[n:]
		return n, nil
	}
	if e.read > 4*MaxLine {
		return 0, errReadTooFar
	}
	for i := range p {
		p[i] = ' '
	}
	e.read += int64(len(p))
	return len(p), nil
}

func TestADocumentThatNeverEndsIsRefusedAtItsFirstProblem(t *testing.T) {
	cases := []struct{ name, head, want string }{
		{"NUL bytes from the start", "\x00", "sample.json line 1 column 1: not valid JSON"},
		{"a syntax error, then white space forever", `{"format": x`, "sample.json line 1 column 12: not valid JSON"},
		{"an unknown field, then white space forever", `{"colour": 1`, `sample.json line 1 column 2: document: unknown field "colour"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeDocument("sample.json", &endless{head: c.head})
			wantError(t, err, model.EINVALID, c.want)
		})
	}
}

// A byte that is not UTF-8 soon after another problem is still the one
// named, as when the whole document was read first.
func TestABadByteSoonAfterAProblemIsNamedFirst(t *testing.T) {
	text := `{"format": x` + strings.Repeat(" ", 1<<20) + "\xff"
	_, err := DecodeDocument("sample.json", io.MultiReader(strings.NewReader(text)))
	wantError(t, err, model.EINVALID, "byte 0xFF is not valid UTF-8")
}

package main

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// fullDisk takes room bytes, then fails every write as a full disk does.
type fullDisk struct{ room int }

func (f *fullDisk) Write(p []byte) (int, error) {
	if len(p) <= f.room {
		f.room -= len(p)
		return len(p), nil
	}
	n := f.room
	f.room = 0
	return n, errors.New("write /dev/stdout: no space left on device")
}

// Commands that print with fmt.Fprint and ignore its error (findings,
// incidents) as well as those that stop at it (export, report) end saying
// the output is incomplete, exit 2, and never with "internal error".
func TestAnOutputThatCannotBeWrittenIsSaid(t *testing.T) {
	path := demoDB(t)
	for _, args := range [][]string{
		{"findings", "INC-2041"}, {"incidents"}, {"export", "INC-2041"}, {"report", "INC-2041"},
		{"export", "INC-2041", "--format", "ocsf"}, {"verify"},
	} {
		for _, room := range []int{0, 10} {
			var errb strings.Builder
			code := run(context.Background(), append([]string{"--db", path}, args...), strings.NewReader(""), &fullDisk{room: room}, &errb)
			if code != exitUsage || !strings.Contains(errb.String(), "could not write the output: write /dev/stdout: no space left on device") {
				t.Errorf("%v with %d bytes of room: exit %d, %q; want exit 2 saying the output could not be written", args, room, code, errb.String())
			}
		}
	}
}

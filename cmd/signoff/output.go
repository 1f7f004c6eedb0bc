package main

import (
	"errors"
	"io"

	"github.com/signoff/signoff/model"
)

// outputWriter is a command's standard output. A write that fails (a full
// disk, a file system gone read-only, a closed session) returns the
// system's error, which a person would read as an internal error: it says
// what failed instead, with the system's words, which are not incident
// text. It keeps the first failure, so a command that printed with
// fmt.Fprint and went on still ends saying its output is incomplete.
type outputWriter struct {
	w     io.Writer
	err   error
	wrote bool // something was printed: a stopped command's output is part of it
}

func (o *outputWriter) Write(p []byte) (int, error) {
	n, err := o.w.Write(p)
	o.wrote = o.wrote || n > 0
	if err != nil {
		err = model.Errorf(model.EINTERNAL, "could not write the output: %v; what was written is incomplete", err)
		if o.err == nil {
			o.err = err
		}
	}
	return n, err
}

// failed is the command's error once its output failed: the write's,
// unless the command stopped for a reason of its own first.
func (o *outputWriter) failed(err error) error {
	var p problemsError
	if o.err != nil && (err == nil || errors.As(err, &p)) {
		return o.err
	}
	return err
}

// rawOutput is the stream under an outputWriter: a full-screen program
// needs the terminal itself, to size the screen and read its keys.
func rawOutput(w io.Writer) io.Writer {
	if o, ok := w.(*outputWriter); ok {
		return o.w
	}
	return w
}

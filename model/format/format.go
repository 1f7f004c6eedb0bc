// Package format is the JSON codec of signoff's import format
// (signoff.incident/v1): the incident document and the NDJSON record
// stream. It decodes strictly, naming the file, line, column, record and
// field at fault, and writes documents as the export prints them. It knows
// no storage, so every store reads and writes the format through it alike.
package format

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/signoff/signoff/model"
)

// ErrorAt is an EINVALID error about file name, prefixed with the line and
// column where known (0 when not).
func ErrorAt(name string, line, col int, msg string) error {
	switch {
	case line > 0 && col > 0:
		return model.Errorf(model.EINVALID, "%s line %d column %d: %s", name, line, col, msg)
	case line > 0:
		return model.Errorf(model.EINVALID, "%s line %d: %s", name, line, msg)
	}
	return model.Errorf(model.EINVALID, "%s: %s", name, msg)
}

// InFile puts the file name (and the line, when not 0) in front of a
// model error, keeping its code; any other error is returned as it is.
func InFile(name string, line int, err error) error {
	var me *model.Error
	if !errors.As(err, &me) {
		return err
	}
	where := name
	if line > 0 {
		where = fmt.Sprintf("%s line %d", name, line)
	}
	return &model.Error{Code: me.Code, Message: where + ": " + me.Message}
}

// checkUTF8 refuses text that is not valid UTF-8, naming the line and
// column of the first bad byte. encoding/json would read such a byte as
// U+FFFD: the record would be quietly changed, so it is refused instead.
// line is the line text starts on (0 for a whole file, whose lines are
// counted in it).
func checkUTF8(name string, line int, text []byte) error {
	if utf8.Valid(text) {
		return nil
	}
	off := firstInvalid(text)
	l, col := lineCol(text, int64(off))
	if line > 0 {
		l = line
	}
	return notUTF8(name, l, col, text[off])
}

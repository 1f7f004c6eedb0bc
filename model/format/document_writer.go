package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/signoff/signoff/model"
)

// DocumentWriter writes an incident document byte for byte as
// json.MarshalIndent(doc, "", "  ") does, plus a final newline, from
// records that are already canonical JSON (a store's payloads), one at a
// time: exporting a huge incident needs little memory.
//
// Call Section for each list in document order (people, agents, assets,
// evidence, events, reviews, status_changes), Record for each of its
// records, then Close.
type DocumentWriter struct {
	w       *bufio.Writer
	section string
	n       int    // records written in section
	buf     []byte // the record being written
}

// NewDocumentWriter starts the document for the incident whose canonical
// JSON is incident.
func NewDocumentWriter(out io.Writer, incident []byte) (*DocumentWriter, error) {
	dw := &DocumentWriter{w: bufio.NewWriterSize(out, 64<<10)}
	format, _ := json.Marshal(model.FormatV1)
	dw.w.WriteString("{\n  \"format\": ")
	dw.w.Write(format)
	dw.w.WriteString(",\n  \"incident\": ")
	return dw, dw.indent(incident, "  ")
}

// Section ends the list being written and starts the list called name.
func (dw *DocumentWriter) Section(name string) {
	dw.endSection()
	dw.section, dw.n = name, 0
}

// Record writes one record of the current list; a payload that is not
// JSON (ErrNotJSON) is refused, and nothing of it written.
func (dw *DocumentWriter) Record(payload []byte) error {
	if dw.n == 0 {
		dw.w.WriteString(",\n  \"" + dw.section + "\": [\n    ")
	} else {
		dw.w.WriteString(",\n    ")
	}
	dw.n++
	return dw.indent(payload, "    ")
}

// Close ends the document and flushes it to the writer.
func (dw *DocumentWriter) Close() error {
	dw.endSection()
	dw.w.WriteString("\n}\n")
	return dw.w.Flush()
}

// Flush writes out what is buffered without ending the document: a writer
// that must stop part way leaves what it wrote, which is not a document.
func (dw *DocumentWriter) Flush() error { return dw.w.Flush() }

// endSection closes the current list; an empty reviews or status_changes
// list is left out, as the document's omitempty does.
func (dw *DocumentWriter) endSection() {
	switch {
	case dw.section == "":
	case dw.n > 0:
		dw.w.WriteString("\n  ]")
	case dw.section != "reviews" && dw.section != "status_changes":
		dw.w.WriteString(",\n  \"" + dw.section + "\": []")
	}
	dw.section = ""
}

// ErrNotJSON marks a record the writer refused, as against one it failed
// to write.
var ErrNotJSON = errors.New("not a JSON record")

var errNotUTF8 = fmt.Errorf("%w: not UTF-8", ErrNotJSON)

// indent writes a record re-indented: as a byte transform for the compact
// JSON a store keeps, by json.Indent for anything else, which refuses what
// is not JSON (raw control bytes in a string). Nothing of a refused record
// is written.
func (dw *DocumentWriter) indent(payload []byte, prefix string) error {
	if !utf8.Valid(payload) {
		// json.Indent would copy the bytes; signoff never stored them.
		return errNotUTF8
	}
	var ok bool
	if dw.buf, ok = appendIndented(dw.buf[:0], payload, prefix); !ok {
		b := bytes.NewBuffer(dw.buf[:0])
		if err := json.Indent(b, payload, prefix, "  "); err != nil {
			return fmt.Errorf("%w: %v", ErrNotJSON, err)
		}
		dw.buf = b.Bytes()
	}
	_, err := dw.w.Write(dw.buf)
	return err
}

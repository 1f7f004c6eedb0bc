package db

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
)

// spool holds the records a document lists before its incident until the
// incident comes (every entry names its incident), so that a document
// whose tool sorted its keys ("events" before "incident") imports in the
// memory of one whose incident comes first. Each record is kept as its
// line, list and bytes: in memory up to spoolMemory bytes, then in a
// temporary file only its owner may read, removed from its folder once
// made (createSpool) and closed when the import ends however it ends
// (remove, deferred by both of the import's goroutines).
type spool struct {
	name string // the document's, for errors

	mu   sync.Mutex
	mem  []byte        // the records while they fit in spoolMemory
	file *os.File      // the records past spoolMemory
	w    *bufio.Writer // to file
	r    interface {   // the records read back, once the incident came
		io.Reader
		io.ByteReader
	}
	gone bool // removed: the import ended, or the records were read back
}

// spoolMemory is how many bytes of early records a document import holds
// in memory before it moves them to a file: no more than one record may
// be long, a bound the import lives with already.
var spoolMemory = format.MaxLine

// createSpool makes the temporary file; os.CreateTemp gives it mode 0600.
// It is removed from its folder at once and used through its open handle,
// so an import killed outright (SIGKILL, a power cut), which runs no
// deferred removal, leaves no incident records behind in $TMPDIR. Where
// an open file cannot be removed (Windows), remove removes it at the end.
var createSpool = func() (*os.File, error) {
	f, err := os.CreateTemp("", "signoff-import-*.spool")
	if err == nil {
		os.Remove(f.Name())
	}
	return f, err
}

func newSpool(name string) *spool { return &spool{name: name} }

// add holds rec, after those held before it.
func (s *spool) add(rec format.DocRecord) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gone {
		return errStopped
	}
	head := binary.AppendUvarint(nil, uint64(rec.Line))
	head = binary.AppendUvarint(head, uint64(len(rec.List)))
	head = append(head, rec.List...)
	head = binary.AppendUvarint(head, uint64(len(rec.Raw)))
	if s.file == nil && len(s.mem)+len(head)+len(rec.Raw) <= spoolMemory {
		s.mem = append(append(s.mem, head...), rec.Raw...)
		return nil
	}
	if s.file == nil {
		if err := s.spill(); err != nil {
			return err
		}
	}
	s.w.Write(head) // a failed write is sticky: the next one reports it
	if _, err := s.w.Write(rec.Raw); err != nil {
		return s.trouble(err)
	}
	return nil
}

// spill moves the records held in memory to a new temporary file.
func (s *spool) spill() error {
	f, err := createSpool()
	if err != nil {
		return s.trouble(err)
	}
	s.file, s.w = f, bufio.NewWriterSize(f, 64<<10)
	_, err = s.w.Write(s.mem)
	s.mem = nil
	if err != nil {
		return s.trouble(err)
	}
	return nil
}

// next reads back the next record held, in the order they were added;
// io.EOF after the last.
func (s *spool) next() (line int, list string, raw []byte, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gone {
		return 0, "", nil, errStopped
	}
	if s.r == nil {
		if err := s.rewind(); err != nil {
			return 0, "", nil, err
		}
	}
	n, err := binary.ReadUvarint(s.r)
	if err == io.EOF {
		return 0, "", nil, io.EOF
	}
	line = int(n)
	var listBytes []byte
	if err == nil {
		listBytes, err = s.read()
	}
	if err == nil {
		raw, err = s.read()
	}
	if err != nil {
		return 0, "", nil, s.trouble(err)
	}
	return line, string(listBytes), raw, nil
}

func (s *spool) rewind() error {
	if s.file == nil {
		s.r = bytes.NewReader(s.mem)
		return nil
	}
	if err := s.w.Flush(); err != nil {
		return s.trouble(err)
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return s.trouble(err)
	}
	s.r = bufio.NewReaderSize(s.file, 64<<10)
	return nil
}

// read reads a length and that many bytes.
func (s *spool) read() ([]byte, error) {
	n, err := binary.ReadUvarint(s.r)
	if err != nil {
		return nil, unexpected(err)
	}
	if n > uint64(format.MaxLine) {
		return nil, fmt.Errorf("a record of %d bytes", n)
	}
	b := make([]byte, n)
	_, err = io.ReadFull(s.r, b)
	return b, unexpected(err)
}

func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// remove lets go of the records and removes the file, if any; what is
// held is gone for good.
func (s *spool) remove() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gone, s.mem, s.r, s.w = true, nil, nil, nil
	if s.file != nil {
		s.file.Close()
		os.Remove(s.file.Name())
		s.file = nil
	}
}

func (s *spool) trouble(err error) error {
	return model.Errorf(model.EUNAVAILABLE, "%s: the records listed before its incident could not be held in a temporary file in %s (%v), so nothing from it was imported; free space there, set TMPDIR to a folder with room, or list the incident first",
		s.name, os.TempDir(), err)
}

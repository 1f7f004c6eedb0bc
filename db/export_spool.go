package db

import (
	"bytes"
	"errors"
	"io"
	"os"
)

// errSpool is why a spool could not keep or give back what was written to
// it (no temporary folder, or no room left there): the export then goes
// the lists' way, which needs no spool, instead of failing for want of
// disk space.
var errSpool = errors.New("export: the spool failed")

// spoolFault wraps err, the spool's own file's, as an errSpool.
func spoolFault(err error) error { return errors.Join(errSpool, err) }

// sectionSpoolMemory is how much of a section a spool keeps in memory before it
// goes to a temporary file.
var sectionSpoolMemory = 1 << 20

// sectionSpool is where a section of an export in seq order is written until its
// turn (export_order.go): memory, then a temporary file, unlinked as soon
// as it is made where the system allows it, so it goes whichever way the
// export ends; then, once out is called, the export's output. It drops
// the first skip bytes written to it: the document's start, which its
// own document writer writes again.
type sectionSpool struct {
	skip   int64
	dst    io.Writer
	direct bool
	mem    bytes.Buffer
	file   *os.File
	name   string // the file's name while it is still linked
}

func (s *sectionSpool) Write(p []byte) (int, error) {
	n := len(p)
	if s.skip > 0 {
		k := min(int64(len(p)), s.skip)
		s.skip -= k
		p = p[k:]
	}
	switch {
	case len(p) == 0:
	case s.direct:
		if _, err := s.dst.Write(p); err != nil {
			return 0, err
		}
	case s.file != nil:
		if _, err := s.file.Write(p); err != nil {
			return 0, spoolFault(err)
		}
	case s.mem.Len()+len(p) <= sectionSpoolMemory:
		s.mem.Write(p)
	default:
		f, err := os.CreateTemp("", "signoff-export-*")
		if err != nil {
			return 0, spoolFault(err)
		}
		s.file = f
		if os.Remove(f.Name()) != nil {
			s.name = f.Name() // removed once closed (drop)
		}
		if _, err := s.file.Write(s.mem.Bytes()); err != nil {
			return 0, spoolFault(err)
		}
		s.mem = bytes.Buffer{}
		if _, err := s.file.Write(p); err != nil {
			return 0, spoolFault(err)
		}
	}
	return n, nil
}

// out writes what the spool holds to the export's output, and from then
// on what is written to it.
func (s *sectionSpool) out() error {
	if s.direct {
		return nil
	}
	s.direct = true
	if _, err := s.dst.Write(s.mem.Bytes()); err != nil {
		return err
	}
	s.mem = bytes.Buffer{}
	if s.file == nil {
		return nil
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return spoolFault(err)
	}
	buf := make([]byte, 1<<20)
	for {
		n, err := s.file.Read(buf)
		if n > 0 {
			if _, err := s.dst.Write(buf[:n]); err != nil {
				return err
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return spoolFault(err)
		}
	}
	s.drop()
	return nil
}

// drop lets go of the spool's file.
func (s *sectionSpool) drop() {
	if s.file != nil {
		s.file.Close()
		if s.name != "" {
			os.Remove(s.name)
		}
		s.file, s.name = nil, ""
	}
}

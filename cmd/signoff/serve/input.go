package serve

import (
	"io"
	"sync"
	"time"
)

// maxInputPiece bounds how much of a client's input the workstation's
// reader (Bubble Tea's) holds at once. That reader keeps a read that
// filled its buffer and reads on until an event ends: a run of letters
// with no space, or a bracketed paste until its end marker (which a
// client may never send), piles up whole and is searched again on every
// read. A 100 MB paste cost the server that memory several times over
// and a core for hours.
const maxInputPiece = 4096

const pasteStart, pasteEnd = "\x1b[200~", "\x1b[201~"

// keyReader is the session's input: it notes each key pressed (the idle
// limit) and hands the client's bytes on in pieces the reader lets go of.
type keyReader struct {
	r     io.Reader
	act   *activity
	clock func() time.Time

	// closed is called once the client's input ends, which is when the
	// session's channel closes (closingChannel): Bubble Tea reads no more
	// and goes on drawing, and the connection, whose end ends the
	// workstation, may stay open (ssh's ControlMaster).
	closed    func()
	closeOnce sync.Once

	pending []byte // read from the client, not yet handed on
	err     error  // the client's read error, once pending is handed on
	full    int    // bytes handed on in full reads in a row
	paste   pasteSplitter
}

func (k *keyReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if len(k.pending) == 0 {
		if k.err != nil {
			return 0, k.err
		}
		buf := make([]byte, len(p))
		n, err := k.r.Read(buf)
		if n > 0 {
			k.act.at.Store(k.clock().UnixNano())
			k.pending = k.paste.split(buf[:n])
		}
		k.err = err
		if err != nil && k.closed != nil {
			k.closeOnce.Do(k.closed)
		}
		if len(k.pending) == 0 {
			k.err = nil
			return 0, err
		}
	}
	n := copy(p, k.pending)
	// A read that fills p tells the reader more of the same event may
	// follow; after a few of those in a row one shorter read ends the
	// run, and the reader hands on what it holds.
	if n == len(p) {
		if k.full += n; k.full >= maxInputPiece && n > 1 {
			n--
			k.full = 0
		}
	} else {
		k.full = 0
	}
	k.pending = k.pending[n:]
	return n, nil
}

// pasteSplitter cuts a bracketed paste longer than maxInputPiece into
// several pastes: the reader holds a paste whole until its end marker.
// Every byte passes on as it came, markers included, so a paste is still
// a paste (the screens never read it as keys) and nothing waits.
type pasteSplitter struct {
	in      bool // inside a paste
	matched int  // bytes of the marker looked for, matched so far
	size    int  // bytes of the current piece of paste
}

func (s *pasteSplitter) split(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for _, c := range b {
		out = append(out, c)
		marker := pasteStart
		if s.in {
			marker = pasteEnd
		}
		// Neither marker repeats its first byte, so a mismatch restarts
		// the match at that byte or before it.
		switch {
		case c == marker[s.matched]:
			s.matched++
		case c == marker[0]:
			s.matched = 1
		default:
			s.matched = 0
		}
		if s.matched == len(marker) {
			s.in, s.matched, s.size = !s.in, 0, 0
			continue
		}
		if !s.in {
			continue
		}
		// Cut only between markers, never inside what may be one.
		if s.size++; s.size >= maxInputPiece && s.matched == 0 {
			out = append(out, pasteEnd+pasteStart...)
			s.size = 0
		}
	}
	return out
}

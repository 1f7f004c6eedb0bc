package db

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"strconv"
	"time"
)

// The chain hash of a model.ChainEntry is the SHA-256 of its fields, each
// written as "length:text\n", in the order prev (hex), seq, at (UTC,
// RFC 3339 with nanoseconds), actor, kind, incident, subject, payload; the
// length prefix keeps a character from moving between fields unnoticed.
//
// It is computed in two parts so an import can do most of the work off the
// writing goroutine: the tail (time, actor, kind, incident, subject and
// payload) is known when a record is decoded; only prev and seq wait for
// the writer. The tests hold it to that text and to pinned hashes, since
// every stored chain depends on it never changing.

// chainField appends one length-prefixed field of the hashed text.
func chainField(b []byte, f string) []byte {
	b = strconv.AppendInt(b, int64(len(f)), 10)
	b = append(b, ':')
	b = append(b, f...)
	return append(b, '\n')
}

// chainTail is the hashed text of an entry after its prev and seq.
func chainTail(b []byte, at, actor, kind, incident, subject, payload string) []byte {
	for _, f := range [...]string{at, actor, kind, incident, subject, payload} {
		b = chainField(b, f)
	}
	return b
}

// chainTailBytes is chainTail of fields read as bytes.
func chainTailBytes(b []byte, at string, actor, kind, incident, subject, payload []byte) []byte {
	b = chainField(b, at)
	for _, f := range [...][]byte{actor, kind, incident, subject, payload} {
		b = strconv.AppendInt(b, int64(len(f)), 10)
		b = append(b, ':')
		b = append(b, f...)
		b = append(b, '\n')
	}
	return b
}

// chainTime is how an entry's time enters the hashed text.
func chainTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// linker chains entries: it holds the previous hash and a hasher reused
// for every entry.
type linker struct {
	h    hash.Hash
	head [64]byte // hex of the previous hash
	raw  [sha256.Size]byte
	buf  []byte
}

func newLinker(prevHex string) *linker {
	l := &linker{h: sha256.New()}
	copy(l.head[:], prevHex)
	hex.Decode(l.raw[:], l.head[:])
	return l
}

// link hashes entry seq, whose hashed text ends with tail, after the
// current head; it returns the previous hash and the entry's, and makes the
// entry the head.
func (l *linker) link(seq int64, tail []byte) (prev, sum [sha256.Size]byte) {
	prev = l.raw
	var digits [20]byte
	d := strconv.AppendInt(digits[:0], seq, 10)
	b := append(l.buf[:0], "64:"...)
	b = append(b, l.head[:]...)
	b = append(b, '\n')
	b = strconv.AppendInt(b, int64(len(d)), 10)
	b = append(b, ':')
	b = append(b, d...)
	b = append(b, '\n')
	l.buf = b
	l.h.Reset()
	l.h.Write(b)
	l.h.Write(tail)
	l.h.Sum(sum[:0])
	hex.Encode(l.head[:], sum[:])
	l.raw = sum
	return prev, sum
}

// setHead makes raw, set by the caller, the hash the next entry follows.
func (l *linker) setHead() { hex.Encode(l.head[:], l.raw[:]) }

func (l *linker) headHex() string { return string(l.head[:]) }

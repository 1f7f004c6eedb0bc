// Package chain defines the audit chain: the hash every store engine
// links entries with and verifies them by, what verifying finds
// (VerifyResult) and the checkpoint kept outside the database. One
// definition, so a record copied from one engine to another keeps its
// hashes, and verify and checkpoints mean the same thing on every engine.
//
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
package chain

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"strconv"
	"time"

	"github.com/signoff/signoff/model"
)

// Size is the length of a hash in bytes.
const Size = sha256.Size

// field appends one length-prefixed field of the hashed text.
func field(b []byte, f string) []byte {
	b = strconv.AppendInt(b, int64(len(f)), 10)
	b = append(b, ':')
	b = append(b, f...)
	return append(b, '\n')
}

// Tail appends the hashed text of an entry after its prev and seq to b.
func Tail(b []byte, at, actor, kind, incident, subject, payload string) []byte {
	for _, f := range [...]string{at, actor, kind, incident, subject, payload} {
		b = field(b, f)
	}
	return b
}

// Time is how an entry's time enters the hashed text.
func Time(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// EntryTail is Tail of a whole entry.
func EntryTail(b []byte, e *model.ChainEntry) []byte {
	return Tail(b, Time(e.At), e.Actor, e.Kind, e.Incident, e.Subject, e.Payload)
}

// Hash is the hex hash of e, linked after e.Prev.
func Hash(e model.ChainEntry) string {
	_, sum := NewLinker(e.Prev).Link(e.Seq, EntryTail(nil, &e))
	return hex.EncodeToString(sum[:])
}

// Linker chains entries: it holds the previous hash and a hasher reused
// for every entry.
type Linker struct {
	h    hash.Hash
	head [2 * Size]byte // hex of the previous hash
	raw  [Size]byte
	buf  []byte
}

// NewLinker starts a chain after the entry whose hash is prevHex
// (model.GenesisHash before the first).
func NewLinker(prevHex string) *Linker {
	l := &Linker{h: sha256.New()}
	copy(l.head[:], prevHex)
	hex.Decode(l.raw[:], l.head[:])
	return l
}

// Link hashes entry seq, whose hashed text ends with tail, after the
// current head; it returns the previous hash and the entry's, and makes the
// entry the head.
func (l *Linker) Link(seq int64, tail []byte) (prev, sum [Size]byte) {
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

// Follow makes hash the head, so the next entry links after it; a hash
// of the wrong length leaves the head as it is.
func (l *Linker) Follow(hash []byte) {
	if len(hash) == Size {
		copy(l.raw[:], hash)
		hex.Encode(l.head[:], l.raw[:])
	}
}

// Head is the current head, raw.
func (l *Linker) Head() [Size]byte { return l.raw }

// HeadHex is the current head, hex.
func (l *Linker) HeadHex() string { return string(l.head[:]) }

package chain

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// documentedHash is the hash as the package comment describes it, written the
// plain way, so the split computation is checked against its definition.
func documentedHash(e model.ChainEntry) string {
	var text []byte
	for _, f := range []string{e.Prev, strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano),
		e.Actor, e.Kind, e.Incident, e.Subject, e.Payload} {
		text = append(text, strconv.Itoa(len(f))+":"+f+"\n"...)
	}
	sum := sha256.Sum256(text)
	return hex.EncodeToString(sum[:])
}

var chainAt = time.Date(2026, 3, 1, 12, 0, 0, 123456789, time.FixedZone("x", 3600))

func TestTheLinkerHashesTheDocumentedText(t *testing.T) {
	entries := []model.ChainEntry{
		{Seq: 1, At: chainAt, Actor: "importer", Kind: "incident", Incident: "INC-1", Subject: "INC-1", Payload: `{"id":"INC-1"}`},
		{Seq: 2, At: chainAt, Actor: "mara", Kind: "event", Incident: "INC-1", Subject: "S1", Payload: `{"summary":"ünïcode → \n"}`},
		{Seq: 10, At: chainAt, Actor: "", Kind: "review", Incident: "INC-1", Subject: "", Payload: ""},
		{Seq: 1234567890123, At: chainAt, Actor: "a:b\n", Kind: "asset", Incident: "I", Subject: "x", Payload: "{}"},
	}
	l := NewLinker(model.GenesisHash)
	prevHex := model.GenesisHash
	for _, e := range entries {
		e.Prev = prevHex
		want := documentedHash(e)
		prev, sum := l.Link(e.Seq, Tail(nil, Time(e.At), e.Actor, e.Kind, e.Incident, e.Subject, e.Payload))
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Fatalf("entry %d hashes to %s; the documented text gives %s", e.Seq, got, want)
		}
		if hex.EncodeToString(prev[:]) != prevHex || l.HeadHex() != want {
			t.Fatalf("entry %d: prev %x, head %s; want %s and %s", e.Seq, prev, l.HeadHex(), prevHex, want)
		}
		prevHex = want
	}
}

// Every stored chain was hashed this way: a change here makes verify
// reject every existing database.
func TestTheChainHashNeverChanges(t *testing.T) {
	first := model.ChainEntry{Seq: 1, At: chainAt, Actor: "importer", Kind: "incident", Incident: "INC-1", Subject: "INC-1",
		Payload: `{"id":"INC-1"}`, Prev: model.GenesisHash}
	second := model.ChainEntry{Seq: 2, At: chainAt, Actor: "mara", Kind: "event", Incident: "INC-1", Subject: "S1",
		Payload: `{"summary":"ünïcode → \n"}`, Prev: "c6b8741c358a9acc12ddaa4ce89088c4082d86a13d794033ffb6f03e8fee3a4b"}
	for _, tc := range []struct {
		name string
		e    model.ChainEntry
		want string
	}{
		{"the first entry after genesis", first, "c6b8741c358a9acc12ddaa4ce89088c4082d86a13d794033ffb6f03e8fee3a4b"},
		{"an entry with non-ASCII text after it", second, "f09dd8ce06de1a7d41ff227278d52f4a514ffd299d5479ac31534200f1786c90"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Hash(tc.e); got != tc.want {
				t.Errorf("hash is %s; stored chains have %s", got, tc.want)
			}
		})
	}
}

func TestTheChainHashCoversEveryField(t *testing.T) {
	base := model.ChainEntry{Seq: 1, At: chainAt, Actor: "a", Kind: "k", Incident: "i", Subject: "s", Payload: "{}", Prev: model.GenesisHash}
	h := Hash(base)
	changes := map[string]func(e *model.ChainEntry){
		"seq":      func(e *model.ChainEntry) { e.Seq = 2 },
		"at":       func(e *model.ChainEntry) { e.At = chainAt.Add(time.Nanosecond) },
		"actor":    func(e *model.ChainEntry) { e.Actor = "b" },
		"kind":     func(e *model.ChainEntry) { e.Kind = "j" },
		"incident": func(e *model.ChainEntry) { e.Incident = "j" },
		"subject":  func(e *model.ChainEntry) { e.Subject = "t" },
		"payload":  func(e *model.ChainEntry) { e.Payload = "{ }" },
		"prev":     func(e *model.ChainEntry) { e.Prev = h },
		// Moving a character between fields must change the hash too.
		"boundary": func(e *model.ChainEntry) { e.Actor, e.Kind = "ak", "" },
	}
	for name, change := range changes {
		t.Run("changing "+name+" changes the hash", func(t *testing.T) {
			e := base
			change(&e)
			if Hash(e) == h {
				t.Fatal("same hash")
			}
		})
	}
}

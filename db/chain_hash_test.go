package db

import (
	"encoding/hex"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

func TestLinkerHashesAsModelChainHash(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 123456789, time.FixedZone("x", 3600))
	entries := []model.ChainEntry{
		{Seq: 1, At: at, Actor: "importer", Kind: recIncident, Incident: "INC-1", Subject: "INC-1", Payload: `{"id":"INC-1"}`},
		{Seq: 2, At: at, Actor: "mara", Kind: recEvent, Incident: "INC-1", Subject: "S1", Payload: `{"summary":"ünïcode → \n"}`},
		{Seq: 10, At: at, Actor: "", Kind: recReview, Incident: "INC-1", Subject: "", Payload: ""},
		{Seq: 1234567890123, At: at, Actor: "a:b\n", Kind: recAsset, Incident: "I", Subject: "x", Payload: "{}"},
	}
	l := newLinker(model.GenesisHash)
	prevHex := model.GenesisHash
	for _, e := range entries {
		e.Prev = prevHex
		want := model.ChainHash(e)
		prev, sum := l.link(e.Seq, chainTail(nil, chainTime(e.At), e.Actor, e.Kind, e.Incident, e.Subject, e.Payload))
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Fatalf("entry %d hashes to %s; model.ChainHash gives %s", e.Seq, got, want)
		}
		if hex.EncodeToString(prev[:]) != prevHex || l.headHex() != want {
			t.Fatalf("entry %d: prev %x, head %s; want %s and %s", e.Seq, prev, l.headHex(), prevHex, want)
		}
		prevHex = want
	}
}

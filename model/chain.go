package model

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// GenesisHash is the "previous hash" of the first audit-chain entry.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// ChainEntry is one link of the audit chain: every write appends one.
// Payload is the canonical JSON of the record written (json.Marshal of the
// model type after Normalize), so verification can recompute it from the row.
type ChainEntry struct {
	Seq      int64     `json:"seq"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`
	Kind     string    `json:"kind"`
	Incident string    `json:"incident"`
	Subject  string    `json:"subject"`
	Payload  string    `json:"payload"`
	Prev     string    `json:"prev"`
	Hash     string    `json:"hash"`
}

// ChainHash computes the entry's hash over its previous hash and every field
// but Hash. Fields are length-prefixed so no two entries hash the same text.
func ChainHash(e ChainEntry) string {
	h := sha256.New()
	for _, f := range []string{
		e.Prev,
		strconv.FormatInt(e.Seq, 10),
		e.At.UTC().Format(time.RFC3339Nano),
		e.Actor, e.Kind, e.Incident, e.Subject, e.Payload,
	} {
		h.Write([]byte(strconv.Itoa(len(f))))
		h.Write([]byte{':'})
		h.Write([]byte(f))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

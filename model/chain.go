package model

import "time"

// GenesisHash is the "previous hash" of the first audit-chain entry.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// ChainEntry is one link of the audit chain: every write appends one.
// Payload is the canonical JSON of the record written (json.Marshal of the
// model type after Normalize), so verification can recompute it from the row.
// Hash covers Prev and every other field; the store computes it.
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

package chain

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Verified is what a reviewer's machine remembers of the last check of a
// record, so the next check need only go through what was appended since:
// which record it was (the hash of its first entry), how far the chain was
// verified and the hash of its last entry then, when, when the whole record
// was last verified, and the marks that whole check kept. It is kept
// outside the database (docs/DECISIONS.md, "The background check"): a mark
// the database's writers could edit would let a rewritten chain pass.
type Verified struct {
	Address string    `json:"address"`
	First   string    `json:"first"`
	Entries int64     `json:"entries"`
	Head    string    `json:"head"`
	Checked time.Time `json:"checked"`
	Whole   time.Time `json:"whole"`
	Marks   []Mark    `json:"marks,omitempty"`
}

// AllMarks are the hashes the check compares with the chain before it
// goes on from the head: the first entry's, the marks, and the head.
func (v Verified) AllMarks() []Mark {
	all := append([]Mark{{Seq: 1, Hash: v.First}}, v.Marks...)
	if v.Entries > 1 {
		all = append(all, Mark{Seq: v.Entries, Hash: v.Head})
	}
	return all
}

// ParseVerified reads a remembered check. Anything it cannot vouch for is
// an error, and the caller checks the whole record instead: a damaged or
// edited file can only cost time, never skip an entry.
func ParseVerified(data []byte) (Verified, error) {
	var v Verified
	if err := json.Unmarshal(data, &v); err != nil {
		return Verified{}, err
	}
	ok := v.Entries >= 1 && isHash(v.First) && isHash(v.Head) && !v.Checked.IsZero() && !v.Whole.IsZero()
	// A chain of 64 entries or fewer has its first among the marks
	// (MarkSeqs): there it is the first entry's hash.
	last := int64(0)
	for _, m := range v.Marks {
		if !isHash(m.Hash) || m.Seq <= last || m.Seq >= v.Entries || (m.Seq == 1 && m.Hash != v.First) {
			ok = false
		}
		last = m.Seq
	}
	if !ok || (v.Entries == 1 && v.First != v.Head) {
		return Verified{}, fmt.Errorf("not a complete record of a check")
	}
	return v, nil
}

func isHash(s string) bool {
	return len(s) == 64 && strings.Trim(s, "0123456789abcdef") == ""
}

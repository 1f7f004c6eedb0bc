package chain

import (
	"bufio"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/signoff/signoff/model"
)

// Checkpoint is the size and head of the audit chain at one moment, kept
// outside the database (a ticket, a repository). A hash chain alone cannot
// show that its newest entries were cut off or that it was recomputed from
// scratch; compared with a checkpoint, both show.
type Checkpoint struct {
	Entries int64
	// First is the hash of the chain's first entry, which names the record
	// the checkpoint is of; "" in a checkpoint written before it was kept.
	First string
	Head  string
	Taken time.Time
	// Marks are the hashes of entries spread evenly over the chain, so a
	// chain recomputed since can be located: the first mark that differs
	// is at most 1/64 of the chain past where the recomputation began.
	Marks []Mark
}

// Mark is the hash of one entry, hex.
type Mark struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

const checkpointTitle = "signoff audit checkpoint"

// MaxCheckpointBytes bounds the text read as a checkpoint: ten times the
// largest signoff writes, so a file that is not one (or one made to fill
// memory) is refused before it is read whole.
const MaxCheckpointBytes = 64 << 10

// marksPerCheckpoint is how many entries a checkpoint keeps the hash of,
// besides its head: about 5 KB of text.
const marksPerCheckpoint = 63

// MarkSeqs are the entries a checkpoint of n entries marks, ascending.
func MarkSeqs(n int64) []int64 {
	var seqs []int64
	for i := int64(1); i <= marksPerCheckpoint; i++ {
		seq := (n*i + marksPerCheckpoint) / (marksPerCheckpoint + 1)
		if seq >= 1 && seq < n && (len(seqs) == 0 || seqs[len(seqs)-1] < seq) {
			seqs = append(seqs, seq)
		}
	}
	return seqs
}

// String is the text form, small enough to paste into a ticket:
//
//	signoff audit checkpoint
//	entries: 1204
//	first: 5e2bf57d3f40c4b6df69daf1936cb766f832374b4fc0259a7cbff06e2f70f269
//	head: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
//	taken: 2026-03-01T12:00:00Z
//	mark: 19 5e2b…
//	…
func (c Checkpoint) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\nentries: %d\n", checkpointTitle, c.Entries)
	if c.First != "" {
		fmt.Fprintf(&b, "first: %s\n", c.First)
	}
	fmt.Fprintf(&b, "head: %s\ntaken: %s\n", c.Head, c.Taken.UTC().Format(time.RFC3339))
	for _, m := range c.Marks {
		fmt.Fprintf(&b, "mark: %d %s\n", m.Seq, m.Hash)
	}
	return b.String()
}

// FirstHash is the hash of the first entry of the record the checkpoint
// is of, "" when it does not say: a checkpoint written before it kept
// First says it only when it marks entry 1 (a chain of 64 entries or
// fewer) or that entry is its head.
func (c Checkpoint) FirstHash() string {
	switch {
	case c.First != "":
		return c.First
	case c.Entries == 1:
		return c.Head
	case len(c.Marks) > 0 && c.Marks[0].Seq == 1:
		return c.Marks[0].Hash
	}
	return ""
}

// AllMarks are the hashes the checkpoint holds, its head last.
func (c Checkpoint) AllMarks() []Mark {
	return append(append([]Mark(nil), c.Marks...), Mark{c.Entries, c.Head})
}

// ParseCheckpoint reads the text form; name is used in error messages.
func ParseCheckpoint(name, text string) (Checkpoint, error) {
	var c Checkpoint
	seen := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(text))
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" {
			continue
		}
		if !seen["title"] {
			if s != checkpointTitle {
				return c, model.Errorf(model.EINVALID, "%s line %d: expected %q, the first line of a checkpoint", name, line, checkpointTitle)
			}
			seen["title"] = true
			continue
		}
		key, value, ok := strings.Cut(s, ":")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if ok && key == "mark" {
			m, err := parseMark(value)
			if err != nil || (len(c.Marks) > 0 && m.Seq <= c.Marks[len(c.Marks)-1].Seq) {
				return c, model.Errorf(model.EINVALID, "%s line %d: a mark is \"mark: ENTRY HASH\", entries ascending, with 64 hexadecimal digits", name, line)
			}
			c.Marks = append(c.Marks, m)
			continue
		}
		if !ok || seen[key] {
			return c, model.Errorf(model.EINVALID, "%s line %d: expected one \"key: value\" line for each of entries, first, head and taken", name, line)
		}
		seen[key] = true
		var err error
		switch key {
		case "entries":
			c.Entries, err = strconv.ParseInt(value, 10, 64)
			if err != nil || c.Entries < 0 {
				return c, model.Errorf(model.EINVALID, "%s line %d: entries is %q; expected a whole number", name, line, value)
			}
		case "head", "first":
			if len(value) != 64 || strings.Trim(strings.ToLower(value), "0123456789abcdef") != "" {
				return c, model.Errorf(model.EINVALID, "%s line %d: %s is %q; expected 64 hexadecimal digits", name, line, key, value)
			}
			if key == "head" {
				c.Head = strings.ToLower(value)
			} else {
				c.First = strings.ToLower(value)
			}
		case "taken":
			if c.Taken, err = time.Parse(time.RFC3339, value); err != nil {
				return c, model.Errorf(model.EINVALID, "%s line %d: taken is %q; expected an RFC 3339 time", name, line, value)
			}
		default:
			return c, model.Errorf(model.EINVALID, "%s line %d: unknown key %q; a checkpoint has entries, first, head and taken", name, line, key)
		}
	}
	if err := sc.Err(); err != nil {
		return c, model.Errorf(model.EINVALID, "%s line %d: %v; a checkpoint's lines are short", name, line+1, err)
	}
	if !seen["entries"] || !seen["head"] {
		return c, model.Errorf(model.EINVALID, "%s is not a complete checkpoint: it needs %q, \"entries:\" and \"head:\" lines", name, checkpointTitle)
	}
	if n := len(c.Marks); n > 0 && c.Marks[n-1].Seq >= c.Entries {
		return c, model.Errorf(model.EINVALID, "%s marks entry %d, past the %d entries it records", name, c.Marks[n-1].Seq, c.Entries)
	}
	if c.First != "" && (c.Entries < 1 || (c.Entries == 1 && c.Head != c.First) || (len(c.Marks) > 0 && c.Marks[0].Seq == 1 && c.Marks[0].Hash != c.First)) {
		return c, model.Errorf(model.EINVALID, "%s gives its first entry a hash that its other lines contradict, so it is not a whole checkpoint", name)
	}
	return c, nil
}

func parseMark(s string) (Mark, error) {
	seq, hash, _ := strings.Cut(s, " ")
	n, err := strconv.ParseInt(strings.TrimSpace(seq), 10, 64)
	hash = strings.ToLower(strings.TrimSpace(hash))
	if err != nil || n < 1 || len(hash) != 64 || strings.Trim(hash, "0123456789abcdef") != "" {
		return Mark{}, errors.New("bad mark")
	}
	return Mark{n, hash}, nil
}

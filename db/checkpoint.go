package db

import (
	"bufio"
	"context"
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
	Head    string
	Taken   time.Time
}

const checkpointTitle = "signoff audit checkpoint"

// String is the text form, small enough to paste into a ticket:
//
//	signoff audit checkpoint
//	entries: 1204
//	head: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
//	taken: 2026-03-01T12:00:00Z
func (c Checkpoint) String() string {
	return fmt.Sprintf("%s\nentries: %d\nhead: %s\ntaken: %s\n", checkpointTitle, c.Entries, c.Head, c.Taken.UTC().Format(time.RFC3339))
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
		if !ok || seen[key] {
			return c, model.Errorf(model.EINVALID, "%s line %d: expected one \"key: value\" line for each of entries, head and taken", name, line)
		}
		seen[key] = true
		var err error
		switch key {
		case "entries":
			c.Entries, err = strconv.ParseInt(value, 10, 64)
			if err != nil || c.Entries < 0 {
				return c, model.Errorf(model.EINVALID, "%s line %d: entries is %q; expected a whole number", name, line, value)
			}
		case "head":
			if len(value) != 64 || strings.Trim(strings.ToLower(value), "0123456789abcdef") != "" {
				return c, model.Errorf(model.EINVALID, "%s line %d: head is %q; expected 64 hexadecimal digits", name, line, value)
			}
			c.Head = strings.ToLower(value)
		case "taken":
			if c.Taken, err = time.Parse(time.RFC3339, value); err != nil {
				return c, model.Errorf(model.EINVALID, "%s line %d: taken is %q; expected an RFC 3339 time", name, line, value)
			}
		default:
			return c, model.Errorf(model.EINVALID, "%s line %d: unknown key %q; a checkpoint has entries, head and taken", name, line, key)
		}
	}
	if !seen["entries"] || !seen["head"] {
		return c, model.Errorf(model.EINVALID, "%s is not a complete checkpoint: it needs %q, \"entries:\" and \"head:\" lines", name, checkpointTitle)
	}
	return c, nil
}

// Checkpoint verifies the record and returns its checkpoint; a record that
// does not verify gets no checkpoint (EINVALID with the verify sentence).
func (d *DB) Checkpoint(ctx context.Context) (Checkpoint, error) {
	res, err := d.Verify(ctx)
	if err != nil {
		return Checkpoint{}, err
	}
	if !res.Intact {
		return Checkpoint{}, model.Errorf(model.EINVALID, "no checkpoint taken: %s", res)
	}
	// The text form keeps whole seconds, so the value does too.
	return Checkpoint{Entries: res.Entries, Head: res.Head, Taken: d.now().Truncate(time.Second)}, nil
}

// VerifyCheckpoint verifies the record and that the chain still holds the
// checkpoint: at least its entries, with its head at the same place.
func (d *DB) VerifyCheckpoint(ctx context.Context, c Checkpoint) (VerifyResult, error) {
	return d.verify(ctx, &c)
}

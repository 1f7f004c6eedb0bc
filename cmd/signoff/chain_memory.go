package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model/chain"
	"github.com/signoff/signoff/tui/safetext"
)

// checkMemory is where this machine remembers the last check of each
// record it opened: one small file per database address in the reviewer's
// state directory ($XDG_STATE_HOME/signoff/verified, else
// ~/.local/state/signoff/verified), outside the database, where the
// database's writers cannot edit it (docs/DECISIONS.md, "The background
// check"). A file that is missing, unreadable or edited into something
// that does not parse only costs a whole check.
type checkMemory struct {
	path string // "" when there is no state directory: nothing is kept
}

// memoryKey names a record's address the same from any directory: a
// file's absolute path (two files called signoff.db in two folders are two
// records), a server's address as it is.
func memoryKey(address string) string {
	if strings.Contains(address, "://") {
		return address
	}
	if abs, err := filepath.Abs(address); err == nil {
		return abs
	}
	return address
}

func memoryFor(address string) checkMemory {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return checkMemory{}
		}
		dir = filepath.Join(home, ".local", "state")
	}
	sum := sha256.Sum256([]byte(memoryKey(address)))
	return checkMemory{filepath.Join(dir, "signoff", "verified", hex.EncodeToString(sum[:16])+".json")}
}

// load is the remembered check of the record at address, if any.
func (m checkMemory) load(address string) (chain.Verified, bool) {
	if m.path == "" {
		return chain.Verified{}, false
	}
	data, err := os.ReadFile(m.path)
	if err != nil {
		return chain.Verified{}, false
	}
	v, err := chain.ParseVerified(data)
	if err != nil || v.Address != memoryKey(address) {
		return chain.Verified{}, false
	}
	return v, true
}

// save remembers a check that found the record intact. It writes a new
// file and renames it over the old, so a reader never sees half of one;
// failing to remember only costs the next open a whole check.
func (m checkMemory) save(v chain.Verified) {
	if m.path == "" {
		return
	}
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil || os.MkdirAll(filepath.Dir(m.path), 0o700) != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(m.path), ".verified-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr != nil || cerr != nil || os.Rename(tmp.Name(), m.path) != nil {
		os.Remove(tmp.Name())
	}
}

// holdToMemory makes every whole check of s also hold its chain to what
// this machine remembers of the record, as to a checkpoint: otherwise a
// chain rewritten since, which the workstation names, passes signoff
// verify (which would then remember it instead), checkpoint and copy.
func holdToMemory(s *db.DB) {
	if v, ok := memoryFor(s.Address()).load(s.Address()); ok {
		s.HoldTo(v)
	}
}

// startAnew forgets, saying so, what this machine remembers of a record
// at the address of a file signoff has just made: the record it checked
// there was deleted (a demo folder cleared, a test database made again),
// and comparing the new record with it would call the new one tampered.
// A deleted record is no quiet rewrite: the note says what was there.
func (a *app) startAnew(address string) {
	mem := memoryFor(address)
	v, ok := mem.load(address)
	if !ok {
		return
	}
	mem.forget()
	fmt.Fprintf(a.stderr, "signoff: note: there was no database at %s, so a new one is made; this machine had checked a record there (%d audit-chain entries, head %s, checked %s), which is gone\n",
		safetext.Line(address), v.Entries, short(v.Head), v.Checked.UTC().Format("2006-01-02 15:04 UTC"))
}

// forget removes what this machine remembers of the record.
func (m checkMemory) forget() {
	if m.path != "" {
		os.Remove(m.path)
	}
}

// checkChain checks the record: since the check this machine remembers
// when there is one of this record, else whole. It remembers a check that
// finds the record intact. whole says which it ran.
func checkChain(ctx context.Context, s database, now time.Time) (res chain.VerifyResult, whole bool, err error) {
	c, err := checkRecord(ctx, s, now, false)
	return c.res, c.whole, err
}

// recordCheck is one check of the record, and which it was.
type recordCheck struct {
	res   chain.VerifyResult
	whole bool
	// from is the remembered check a check since went on from.
	from chain.Verified
}

// checkRecord is checkChain, and whole checks the whole record whatever
// this machine remembers.
func checkRecord(ctx context.Context, s database, now time.Time, whole bool) (recordCheck, error) {
	mem := memoryFor(s.Address())
	if v, ok := mem.load(s.Address()); ok && !whole {
		res, same, err := s.VerifySince(ctx, v)
		if err != nil {
			return recordCheck{}, err
		}
		if same {
			from := v
			if res.Intact {
				v.Entries, v.Head, v.Checked = res.Entries, res.Head, now
				mem.save(v)
				holdAgain(s, v)
			}
			return recordCheck{res: res, from: from}, nil
		}
	}
	res, err := s.Verify(ctx)
	if err == nil {
		rememberWhole(mem, s.Address(), res, now)
		if v, ok := mem.load(s.Address()); ok && res.Intact {
			holdAgain(s, v)
		}
	}
	return recordCheck{res: res, whole: true}, err
}

// rememberWhole keeps a whole check that found the record intact; an
// intact record with no entries leaves nothing to remember, and forgets
// what a record made before it at the same address held.
func rememberWhole(mem checkMemory, address string, res chain.VerifyResult, now time.Time) {
	if !res.Intact {
		return
	}
	if res.Entries == 0 {
		mem.forget()
		return
	}
	mem.save(chain.Verified{Address: memoryKey(address), First: res.First, Entries: res.Entries, Head: res.Head,
		Checked: now, Whole: now, Marks: res.Marks})
}

// holdAgain holds the writes of s to the check just remembered: a store
// kept open (the workstation, serve) otherwise held them to what this
// machine remembered when it opened, and entries cut off after that took
// a write over the cut.
func holdAgain(s database, v chain.Verified) {
	if h, ok := s.(interface{ HoldTo(chain.Verified) }); ok {
		h.HoldTo(v)
	}
}

package db

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/signoff/signoff/model"
)

// A damaged file (pages overwritten by a disk, a crash of the machine, a
// bad copy) is not a tampered record: it cannot be read reliably at all.
// Whatever meets the damage says so with one sentence and what to do, and
// no write is made into the file from then on: SQLite's own integrity
// check is O(file) (seconds at a million events), so it runs in verify and
// after an error nothing explains, not before every write. What was met is
// kept beside the file (PATH-damaged), so the next command, in any
// process, refuses to write too; verify removes it once the file checks
// clean (after a restore from a copy, say).

const damagedSuffix = "-damaged"

// damaged marks the sentence of a file that cannot be read as a database
// (its pages damaged, cut short, or not a SQLite database at all), so a
// command that checks the record (verify) can report it as a failed check
// rather than a usage error. It is the model's error underneath.
type damaged struct{ err error }

func (d damaged) Error() string { return d.err.Error() }
func (d damaged) Unwrap() error { return d.err }

func damagedFile(err error) error { return damaged{err} }

// IsDamaged reports whether err says the database file is damaged or is
// no database at all (empty, cut short, not SQLite), rather than the
// command being wrong.
func IsDamaged(err error) bool { return errors.As(err, new(damaged)) }

// Damaged records that the file is damaged and returns the sentence.
func (s *sqliteFile) Damaged(detail string) error {
	s.damageMu.Lock()
	first := s.damage == ""
	if first {
		s.damage = detail
	}
	s.damageMu.Unlock()
	if first && s.access == readWrite {
		note := fmt.Sprintf("%s\n%s\n", time.Now().UTC().Format(time.RFC3339), detail)
		os.WriteFile(s.path+damagedSuffix, []byte(note), 0o600) // best effort: the sentence says it anyway
	}
	return damagedSentence(s.path, detail)
}

func damagedSentence(path, detail string) error {
	return damagedFile(model.Errorf(model.EINVALID, "the database file %s is damaged (%s); restore it from a copy, then run `signoff verify`", path, detail))
}

// damagedError is the refusal of a write into a file known to be damaged,
// in this process or by the note beside it; nil otherwise.
func (s *sqliteFile) damagedError() error {
	if detail := s.Damage(); detail != "" {
		return damagedFile(model.Errorf(model.EINVALID, "the database file %s is damaged (%s), so nothing more is written into it; restore it from a copy, then run `signoff verify`", s.path, detail))
	}
	return nil
}

// Damage is what damage was found in the file, by this process or noted
// beside the file by another, or "" when none is known.
func (s *sqliteFile) Damage() string {
	s.damageMu.Lock()
	detail := s.damage
	s.damageMu.Unlock()
	if detail != "" {
		return detail
	}
	note, err := os.ReadFile(s.path + damagedSuffix)
	if err != nil {
		return ""
	}
	at, detail, _ := strings.Cut(strings.TrimSpace(string(note)), "\n")
	if detail == "" {
		detail = "noted at " + at
	}
	return detail + ", found " + at
}

// ClearDamage forgets damage once the whole file has checked clean.
func (s *sqliteFile) ClearDamage() {
	s.damageMu.Lock()
	s.damage = ""
	s.damageMu.Unlock()
	if err := os.Remove(s.path + damagedSuffix); err != nil && !errors.Is(err, os.ErrNotExist) {
		return
	}
}

// Integrity runs SQLite's quick_check and returns what it reports, up to
// limit lines (nil when the file is sound). It checks every page of every
// table and index; it does not compare indexes with their tables, which
// verify's own reading covers for the record.
func (s *sqliteFile) Integrity(ctx context.Context, limit int) ([]string, error) {
	rows, err := s.sql.QueryContext(ctx, fmt.Sprintf("PRAGMA quick_check(%d)", limit))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		if line != "ok" {
			found = append(found, line)
		}
	}
	return found, rows.Err()
}

// probeDamage asks SQLite, after an error nothing else explains (a NULL
// where the schema allows none, say), whether the file is damaged: the
// first problem its integrity check finds, or "".
func (s *sqliteFile) probeDamage() string {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	found, err := s.Integrity(ctx, 1)
	switch {
	case err != nil:
		return "SQLite cannot read it: " + err.Error()
	case len(found) > 0:
		return "SQLite's integrity check: " + found[0]
	}
	return ""
}

package db

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/signoff/signoff/model"
)

// How a database file this process may not write is read. SQLite creates
// the shared-memory file (-shm) of a WAL database with the database's own
// permissions, and a reader that cannot write never removes it: reading a
// 0444 file left a 0444 -shm behind, and every later writer, and even
// verify, failed on it until someone deleted it by hand. So a file this
// process cannot write is opened read-only, in a way that creates nothing:
//
//   - with no -wal or -shm beside it, the file alone is the whole record,
//     and SQLite reads it as immutable (no locks, no -shm);
//   - with a -shm already there, SQLite reads through it and adds nothing;
//   - with changes waiting in a -wal and no -shm to read them with, it is
//     refused: reading them would mean creating the -shm.
//
// Every write to a read-only store is refused with a sentence before it
// begins.

// access is how a store reaches its file.
type access int

const (
	readWrite access = iota
	readOnly
	readImmutable
)

// accessOf decides how to open an existing file this process has not
// opened yet.
//
// SQLite creates the -wal and -shm beside the file, so a writable file in a
// folder this process may not write is read-only too: opened for writing,
// even reading it failed.
func accessOf(path string) (access, error) {
	if writable(path) && writable(filepath.Dir(path)) {
		return readWrite, nil
	}
	shm := exists(path + "-shm")
	switch {
	case shm:
		return readOnly, nil
	case walPending(path):
		return 0, model.Errorf(model.EFORBIDDEN, "%s is read-only for this user and has changes waiting in %s-wal that only a user who can write it can read in; open it once as that user (any signoff command will do), or copy it", path, path)
	}
	return readImmutable, nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// Frozen says why no write made after the store opened can be seen, ""
// when one can: a file read as it stood (immutable) has no -shm through
// which SQLite would learn of them, so a follower would wait for good.
func (s *sqliteFile) Frozen() string {
	if s.access != readImmutable {
		return ""
	}
	return s.path + " is read as it stood, so later writes cannot be seen: it is read-only for this user and no signoff that may write it had it open; follow it as a user who may write it, or while such a signoff has it open"
}

// readOnlyError is the refusal of a write to a store opened read-only.
func (s *sqliteFile) readOnlyError() error {
	if dir := filepath.Dir(s.path); writable(s.path) && !writable(dir) {
		return model.Errorf(model.EFORBIDDEN, "the database %s cannot be written: the folder %s holding it is read-only for this user, and SQLite writes its -wal and -shm files there, so nothing can be recorded; ask its owner, or work on a copy", s.path, dir)
	}
	return model.Errorf(model.EFORBIDDEN, "the database %s is read-only for this user, so nothing can be recorded in it; ask its owner, or work on a copy", s.path)
}

// BeginWrite begins a write transaction (IMMEDIATE: the write lock is
// taken first), refusing it first when the store must not be written:
// read-only, or known to be damaged (damage.go).
func (s *sqliteFile) BeginWrite(ctx context.Context) (*sql.Tx, error) {
	if err := s.refuseWrites(); err != nil {
		return nil, err
	}
	tx, err := s.waitTurn(ctx, func() (*sql.Tx, error) { return s.sql.BeginTx(ctx, nil) })
	return tx, s.Fail(err)
}

// writeWait bounds how long a write waits for its turn. Every write
// transaction begins IMMEDIATE, taking the write lock first, and SQLite's
// busy handler waits up to busy_timeout (5 s) for it; but it is not fair,
// and with many writers at once (eight processes, two hundred writes each,
// on a slow machine) one of them can wait past that while the others take
// turns. Waiting again, and again, keeps BUSY from reaching a person unless
// the database was held for this long.
const writeWait = 2 * time.Minute

// waitTurn begins a write transaction, beginning again while the write lock
// is busy, up to writeWait. A BEGIN that fails on BUSY has done nothing.
func (s *sqliteFile) waitTurn(ctx context.Context, begin func() (*sql.Tx, error)) (*sql.Tx, error) {
	deadline := time.Now().Add(writeWait)
	for {
		tx, err := begin()
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return tx, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Duration(1+rand.IntN(20)) * time.Millisecond):
		}
	}
}

// refuseWrites says why nothing may be written, or nil.
func (s *sqliteFile) refuseWrites() error {
	if s.access != readWrite {
		return s.readOnlyError()
	}
	if err := s.goneError(); err != nil {
		return err
	}
	return s.damagedError()
}

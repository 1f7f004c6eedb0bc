package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/review/signing"
	"github.com/signoff/signoff/tui/safetext"
)

// app holds the global flags and what they open, shared by every command.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer

	dbPath     string
	person     string
	policyPath string
	debug      bool   // --debug: show an internal error's detail
	signKey    string // --sign-key, on the commands that record

	ran bool // a command's RunE started (see sentence)
	// checksAll is set by the commands that check the whole record and
	// report on it themselves (verify, checkpoint), so the warnings of
	// recordWarnings would only repeat them.
	checksAll bool
	// verifyAll asks the report to check the whole record for its chain
	// status, whatever this machine remembers of its last check.
	verifyAll bool
	// heldTo is the checkpoint report --checkpoint holds the record to.
	heldTo *chain.Checkpoint
	// forget is verify --forget: the record is checked whole on its own,
	// not held to what this machine remembers of it (holdToMemory).
	forget bool

	store database
}

// open opens the database named by --db or its default, for a command
// that reads the record or adds to one that exists. A SQLite path with no
// file there is refused, not made: `--db typo.db verify` said "intact,
// 0 entries".
func (a *app) open(ctx context.Context) (database, error) { return a.openStore(ctx, false) }

// openNew opens the record, making a new SQLite file where there is none
// (or a record in a server's schema that holds none):
// for the commands that bring records in (init, import, demo, serve).
func (a *app) openNew(ctx context.Context) (database, error) { return a.openStore(ctx, true) }

func (a *app) openStore(ctx context.Context, create bool) (database, error) {
	if a.store != nil {
		return a.store, nil
	}
	path, err := a.databasePath()
	if err != nil {
		return nil, err
	}
	if !create {
		if err := mustExist(path); err != nil {
			return nil, err
		}
	}
	a.warnPasswordFile(path)
	made := create && mustExist(path) != nil
	if made {
		flag := "--db"
		if a.dbPath == "" {
			flag = "$SIGNOFF_DB"
		}
		if err := noFolderToCreate(path, flag); err != nil {
			return nil, err
		}
	}
	open := db.Open
	if !create {
		open = db.OpenExisting // a server's schema holding no record is refused too
	}
	s, err := open(ctx, path)
	if err != nil {
		return nil, err
	}
	if made && !a.forget {
		a.startAnew(s.Address())
	}
	if !a.forget {
		holdToMemory(s)
	}
	a.store = s
	return s, nil
}

// warnPasswordFile says, on stderr, that the password file a server's
// address would take its password from is ignored because others may read
// it, as psql says it; the command goes on.
func (a *app) warnPasswordFile(address string) {
	if w := db.PasswordFileWarning(address); w != "" {
		fmt.Fprintln(a.stderr, "signoff: warning: "+safetext.Line(w).String())
	}
}

// openWithPolicy opens the store and loads the policy: what every command
// that judges actions needs.
func (a *app) openWithPolicy(ctx context.Context) (database, *review.Policy, error) {
	s, err := a.open(ctx)
	if err != nil {
		return nil, nil, err
	}
	p, err := a.policy()
	return s, p, err
}

// resolve reads an event named INCIDENT/ID, or by a bare id unique in the
// database, and finds it in s.
func resolve(ctx context.Context, s database, arg string) (model.EventRef, error) {
	ref, err := model.ParseEventRef(arg)
	if err != nil {
		return ref, err
	}
	got, err := s.ResolveEvent(ctx, ref)
	// An incident's id where an event's is wanted ("annotate INC-2041")
	// is said as such: "no incident has an event INC-2041" left the
	// reader to work out that the command wants INCIDENT/ID.
	if model.ErrorCode(err) == model.ENOTFOUND && ref.Incident == "" {
		if _, e := s.IncidentSummary(ctx, ref.ID); e == nil {
			return got, model.Errorf(model.ENOTFOUND, "%s is an incident, not one of its events: name the event as %s/ID (\"signoff review %s\" shows the ids)", ref.ID, ref.ID, ref.ID)
		}
	}
	return got, err
}

func (a *app) close() {
	if a.store != nil {
		a.store.Close()
		a.store = nil
	}
}

// databasePath resolves --db, then $SIGNOFF_DB, then the user data directory.
func (a *app) databasePath() (string, error) {
	if a.dbPath != "" {
		return a.dbPath, nil
	}
	if env := os.Getenv("SIGNOFF_DB"); env != "" {
		return env, nil
	}
	return defaultPath("signoff.db")
}

// defaultPath is name inside the user data directory
// ($XDG_DATA_HOME/signoff, else ~/.local/share/signoff), created 0700.
func defaultPath(name string) (string, error) {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", model.Errorf(model.EINVALID, "cannot find the home directory for the default database (%v); give --db PATH or set SIGNOFF_DB", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	dir = filepath.Join(dir, "signoff")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", model.Errorf(model.EINVALID, "cannot create the data directory %s: %v; give --db PATH or set SIGNOFF_DB", dir, err)
	}
	return filepath.Join(dir, name), nil
}

// actor is the person acting: --as, then $SIGNOFF_USER, then the OS user.
func (a *app) actor() string {
	if a.person != "" {
		return a.person
	}
	if env := os.Getenv("SIGNOFF_USER"); env != "" {
		return env
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}

// policy is the bundled default or the file given with --policy, with
// the allowed-signers roster it names read in.
func (a *app) policy() (*review.Policy, error) {
	if a.policyPath == "" {
		return review.DefaultPolicy(), nil
	}
	f, err := os.Open(a.policyPath)
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "cannot read the policy file %s: %v", a.policyPath, pathError(err))
	}
	defer f.Close()
	// A folder opens, then fails the first read in words that repeat
	// the path, as import's files would.
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil, model.Errorf(model.EINVALID, "the policy file %s is a folder, not a file: give --policy the TOML file (docs/policy.md)", a.policyPath)
	}
	p, err := review.LoadPolicy(f, a.policyPath)
	if err != nil || p.SignersFile() == "" {
		return p, err
	}
	return withRoster(p)
}

// withRoster reads the roster policy p names. A roster that cannot be
// read whole is refused: signatures are never judged by half a file, nor
// let through because the file went missing.
func withRoster(p *review.Policy) (*review.Policy, error) {
	path := p.SignersFile()
	r, err := readRoster(path, func(err error) error {
		return model.Errorf(model.EINVALID, "policy file %s names the allowed signers file %s, which cannot be read: %v", p.Name(), path, pathError(err))
	})
	if err != nil {
		return nil, err
	}
	return p.WithRoster(r), nil
}

// readRoster reads and parses the allowed-signers file at path whole;
// unreadable is the sentence for a file that cannot be read.
func readRoster(path string, unreadable func(error) error) (*signing.Roster, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, unreadable(err)
	}
	return signing.ParseRoster(data, path)
}

// mustExist refuses a SQLite path with no file there. A server's schema
// holding no record is refused as it is opened (db.OpenExisting).
func mustExist(path string) error {
	if db.IsServer(path) {
		return nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if dir := missingFolder(path); dir != "" {
			return model.Errorf(model.ENOTFOUND, "there is no signoff database at %s, nor a folder %s for one: check the path that --db or $SIGNOFF_DB gives", path, dir)
		}
		return model.Errorf(model.ENOTFOUND, "there is no signoff database at %s: \"signoff import FILE\" or \"signoff init\" makes one there, --db or $SIGNOFF_DB names another, and \"signoff demo\" opens the bundled samples", path)
	}
	return nil
}

// missingFolder is the folder a SQLite path would be in when there is no
// such folder, else "": the driver's "no such file or directory" names
// neither the folder nor what to do.
func missingFolder(path string) string {
	if db.IsServer(path) {
		return ""
	}
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return dir
	}
	return ""
}

// noFolderToCreate refuses to make a database at path, which flag named,
// in a folder that is not there.
func noFolderToCreate(path, flag string) error {
	dir := missingFolder(path)
	if dir == "" {
		return nil
	}
	return model.Errorf(model.EINVALID, "cannot create the database %s: there is no folder %s; create the folder first, or give %s a path in a folder that exists", path, dir, flag)
}

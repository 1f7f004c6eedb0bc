package db

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/signoff/signoff/model"
)

// A copy into a SQLite file that is not there yet builds it under a name
// of its own beside the destination and puts it in place only once it is
// committed, verified and closed: a copy killed outright (SIGKILL, a power
// cut) runs no removal, and used to leave at --to a file holding an empty
// record, which the next copy refused and a person could open as the copy.
// Beside the destination, so that putting it in place is one step of the
// file system, never a copy of bytes.

// incompleteCopy names the file a copy builds: the destination's name,
// this word and the building process's id. A person who finds one sees it
// is no record; the next copy into the same file removes one whose process
// is gone.
const incompleteCopy = ".incomplete-copy-"

// FreshFile is the SQLite file a copy makes.
type FreshFile struct {
	Path string // the destination, where the copy appears once whole
	Temp string // where it is built
	// Removed are the files that copies killed before they finished had
	// left at the destination's name; Building are those of copies that
	// may still run (their process is alive).
	Removed, Building []string
}

// NewFreshFile prepares the copy of a record into path, a file that is not
// there: it clears what copies killed into the same file left, and names
// the file to build. The store is then opened on Temp.
func NewFreshFile(path string) (*FreshFile, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "cannot use %s as a database path: %v", path, err)
	}
	f := &FreshFile{Path: abs, Temp: abs + incompleteCopy + strconv.Itoa(os.Getpid())}
	left, err := filepath.Glob(globEscape(abs) + incompleteCopy + "*")
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "cannot look beside %s for unfinished copies: %v", path, err)
	}
	seen := map[string]bool{}
	for _, l := range left {
		// Its -wal and -shm go with it, even when the file is gone.
		l = strings.TrimSuffix(strings.TrimSuffix(l, "-wal"), "-shm")
		pid, err := strconv.Atoi(strings.TrimPrefix(l, abs+incompleteCopy))
		if err != nil || seen[l] {
			continue // not a name this signoff gives, or met already
		}
		seen[l] = true
		if pid != os.Getpid() && processAlive(pid) {
			f.Building = append(f.Building, l)
			continue
		}
		RemoveFresh(l)
		f.Removed = append(f.Removed, l)
	}
	return f, nil
}

// unfinishedCopy refuses to open, as a database, the file a copy builds
// (FILE.incomplete-copy-PID): until the copy puts it in place it holds a
// record cut short, or an empty one, and a person who opened it would take
// it for the copy. The copy itself opens it with FreshFile.Open.
func unfinishedCopy(path string) error {
	name := filepath.Base(path)
	i := strings.LastIndex(name, incompleteCopy)
	if i <= 0 {
		return nil
	}
	pid, err := strconv.Atoi(name[i+len(incompleteCopy):])
	if err != nil || pid <= 0 {
		return nil
	}
	into := filepath.Join(filepath.Dir(path), name[:i])
	state := "was stopped before it finished"
	if pid != os.Getpid() && processAlive(pid) {
		state = fmt.Sprintf("may still be running (process %d)", pid)
	}
	return model.Errorf(model.EINVALID, "%s is the unfinished file of a copy into %s that %s, not a record: signoff copy gives the file its own name only once the copy is whole and verified; open %s, or run the copy again (it removes what a stopped copy left)", path, into, state, into)
}

// Open opens the store on the file being built, which Open refuses to
// anyone else (unfinishedCopy).
func (f *FreshFile) Open(ctx context.Context, opts ...Option) (*DB, error) {
	eng, err := openSQLiteFile(ctx, f.Temp, true)
	if err != nil {
		return nil, err
	}
	return newDB(eng, opts), nil
}

// globEscape keeps a path's own *, ? and [ from being read as a pattern.
func globEscape(path string) string {
	return strings.NewReplacer(`\`, `\\`, "*", `\*`, "?", `\?`, "[", `\[`).Replace(path)
}

// Place puts the built file in place, once the store on it is closed. A
// closed store has written its last commit into the main file and removed
// its write-ahead log; a log still holding pages would be lost with the
// rename, so the copy is refused instead. A file that appeared at the
// destination meanwhile (another copy into it) is not replaced.
func (f *FreshFile) Place() error {
	if info, err := os.Stat(f.Temp + "-wal"); err == nil && info.Size() > 0 {
		return model.Errorf(model.EINTERNAL, "the copy in %s was not closed whole (its write-ahead log still holds pages), so it was not put in place at %s", f.Temp, f.Path)
	}
	if err := syncFile(f.Temp); err != nil {
		return model.Errorf(model.EINTERNAL, "cannot write the copy in %s to disk: %v", f.Temp, pathErr(err))
	}
	err := PlaceNew(f.Temp, f.Path)
	if errors.Is(err, fs.ErrExist) {
		return model.Errorf(model.ECONFLICT, "%s appeared while the copy ran (another copy into it?) and was left as it is; nothing of this copy was kept", f.Path)
	}
	if err != nil {
		return model.Errorf(model.EINTERNAL, "cannot put the copy in place at %s: %v", f.Path, pathErr(err))
	}
	RemoveFresh(f.Temp)
	if err := syncFolder(filepath.Dir(f.Path)); err != nil {
		return model.Errorf(model.EINTERNAL, "the copy is at %s, but its folder could not be written to disk: %v", f.Path, pathErr(err))
	}
	return nil
}

// Discard removes the file built, for a copy refused or stopped.
func (f *FreshFile) Discard() { RemoveFresh(f.Temp) }

// PlaceNew gives temp, a file written whole, the name path without ever
// replacing what is there, and fails with fs.ErrExist when path is taken.
// On Linux it moves temp there in one step (renameNoReplace); elsewhere,
// or where the file system cannot, it links the name, and renames only
// where the file system has no hard links and nothing is at path. temp,
// when still there, is the caller's to remove once placed.
func PlaceNew(temp, path string) error {
	err := renameNoReplace(temp, path)
	if !errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	err = os.Link(temp, path)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	if _, serr := os.Lstat(path); serr == nil {
		return fs.ErrExist
	}
	return os.Rename(temp, path)
}

// syncFile makes what was written to a file or folder durable.
func syncFile(path string) error {
	h, err := os.Open(path)
	if err != nil {
		return err
	}
	err = h.Sync()
	if cerr := h.Close(); err == nil {
		err = cerr
	}
	return err
}

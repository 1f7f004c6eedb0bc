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
	"sync/atomic"

	"github.com/signoff/signoff/model"
)

// A new SQLite database is made whole under a name of its own beside its
// path, FILE.incomplete-new-PID-N: created, given its pages and WAL
// (formatFresh), migrated and closed there, then moved to the path by a
// step that never replaces a file (PlaceNew). It used to be made at the
// path itself: a first run killed part way left there an empty or
// unstamped file that every later open refused, and two processes making
// one path at once each made it, the loser refusing the winner's file,
// half made, as "an empty file" or "another program's". Now the path
// names nothing or a whole database; the loser of a race opens the
// winner's.

// incompleteNew names the file a new database is made in, after the
// path's own name; the process id and a count follow.
const incompleteNew = ".incomplete-new-"

// newCount tells apart the files goroutines of one process make at once.
var newCount atomic.Int64

// createStepHook, when a test sets it, hears each step of making a new
// database ("made", "formatted", "migrated N", "built"): a test stops a
// create there to kill it.
var createStepHook func(step string)

func createStep(step string) {
	if createStepHook != nil {
		createStepHook(step)
	}
}

// createSQLite makes the database at path, where nothing is. It reports
// whether the database now at path is the one it made: false when
// another process or goroutine put one there first, which the caller
// then opens as any existing file.
func createSQLite(ctx context.Context, path string) (bool, error) {
	clearUnfinishedNew(path)
	temp := path + incompleteNew + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatInt(newCount.Add(1), 10)
	// Once placed, the name is gone (or is a second link) and only it goes.
	defer RemoveFresh(temp)
	if err := buildNew(ctx, temp, path); err != nil {
		return false, err
	}
	createStep("built")
	if err := syncFile(temp); err != nil {
		return false, model.Errorf(model.EINVALID, "cannot write the new database %s to disk: %v", temp, pathErr(err))
	}
	if err := leftBeside(path); err != nil {
		if _, serr := os.Stat(path); serr == nil {
			return false, nil // its side files are those of the database made meanwhile
		}
		return false, err
	}
	err := PlaceNew(temp, path)
	if errors.Is(err, fs.ErrExist) {
		return false, nil
	}
	if err != nil {
		return false, pathProblem("create", path, err)
	}
	if err := syncFolder(filepath.Dir(path)); err != nil {
		return true, model.Errorf(model.EINVALID, "the new database %s is made, but its folder could not be written to disk: %v", path, pathErr(err))
	}
	return true, nil
}

// buildNew makes a whole, empty, current database at path, a name no one
// else uses, and closes it: the store's close checkpoints its WAL into
// the file and removes the -wal and -shm, so the file holds everything.
// A database that cannot be made leaves nothing at path. A file that
// cannot be created is said of forPath, the path the person gave.
func buildNew(ctx context.Context, path, forPath string) (err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return pathProblem("create", forPath, err)
	}
	defer func() {
		if err != nil {
			RemoveFresh(path)
		}
	}()
	if err := f.Close(); err != nil {
		return pathProblem("create", forPath, err)
	}
	createStep("made")
	if err := formatFresh(path); err != nil {
		return err
	}
	createStep("formatted")
	s, err := startSQLite(ctx, path, readWrite)
	if err != nil {
		return err
	}
	if err := s.Close(); err != nil {
		return internal(err)
	}
	if walPending(path) {
		return internal(fmt.Errorf("the new database %s was not closed whole: its write-ahead log still holds pages", path))
	}
	return nil
}

// leftBeside refuses to put a database at path while a -wal or -journal
// with content lies there: they belong to a database removed without
// them, and SQLite would apply their pages to the new file (a test saw a
// new database open with the old one's 14 audit entries). They may hold
// that database's last writes, so they are not removed here.
func leftBeside(path string) error {
	for _, side := range []string{"-wal", "-journal"} {
		if info, err := os.Stat(path + side); err == nil && info.Size() > 0 {
			return model.Errorf(model.EINVALID, "%s%s is there without %s: it is what a database removed from that path left, and a new database made there would take in its pages. signoff makes nothing there: if no program still has the old database open, move %s%s away (with %s-shm, if it is there), then run signoff again", path, side, path, path, side, path)
		}
	}
	return nil
}

// clearUnfinishedNew removes the files that creates of path killed
// before they finished left beside it: those of processes that are gone.
// This process's own are of creates still running in it.
func clearUnfinishedNew(path string) {
	left, err := filepath.Glob(globEscape(path) + incompleteNew + "*")
	if err != nil {
		return
	}
	for _, l := range left {
		for _, side := range []string{"-wal", "-shm", "-journal"} {
			l = strings.TrimSuffix(l, side)
		}
		pid, ok := newMaker(strings.TrimPrefix(l, path+incompleteNew))
		if !ok || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		RemoveFresh(l)
	}
}

// newMaker reads the process id from what follows incompleteNew.
func newMaker(tail string) (int, bool) {
	p, n, ok := strings.Cut(tail, "-")
	if !ok {
		return 0, false
	}
	pid, err := strconv.Atoi(p)
	if _, nerr := strconv.ParseUint(n, 10, 63); err != nil || nerr != nil || pid <= 0 {
		return 0, false
	}
	return pid, true
}

// unfinishedNew refuses to open, as a database, the file a create makes
// (FILE.incomplete-new-PID-N): it is no record, and one opened by a
// person would never become FILE.
func unfinishedNew(path string) error {
	name := filepath.Base(path)
	i := strings.LastIndex(name, incompleteNew)
	if i <= 0 {
		return nil
	}
	pid, ok := newMaker(name[i+len(incompleteNew):])
	if !ok {
		return nil
	}
	into := filepath.Join(filepath.Dir(path), name[:i])
	if pid != os.Getpid() && processAlive(pid) {
		return model.Errorf(model.EINVALID, "%s is no record: it is the unfinished file of a new database at %s that process %d may still be making; signoff gives a new database its name only once it is whole, so open %s", path, into, pid, into)
	}
	return model.Errorf(model.EINVALID, "%s is no record: it is what making a new database at %s left when it was stopped before it finished (the next signoff to make %s removes it); signoff gives a new database its name only once it is whole, so open %s", path, into, into, into)
}

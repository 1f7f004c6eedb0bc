package db

import (
	"os"
	"time"
)

// A commit by another process changes the size or the modification time
// of the -wal file (or, outside WAL mode, of the database file), which a
// stat shows without the driver. A reader polling the data version
// (a waiting gate, an open screen) asks SQLite only when the files moved:
// the query through database/sql and the driver was most of what a
// waiting gate cost.
const (
	// versionSettle is how long after the files' last modification their
	// look is trusted: a commit within the same tick of a coarse clock
	// (a second or two on some file systems) can overwrite a reset WAL
	// without changing its size or time.
	versionSettle = 3 * time.Second
	// versionRecheck bounds how long a look is trusted without asking
	// SQLite, should a write ever leave no trace a stat shows.
	versionRecheck = 2 * time.Second
)

// filesLook is what a stat shows of the database file and its -wal file;
// a missing file is nil.
type filesLook struct {
	db, wal os.FileInfo
}

func lookAt(path string) (filesLook, error) {
	var l filesLook
	var err error
	if l.db, err = os.Stat(path); err != nil {
		return filesLook{}, err
	}
	if l.wal, err = os.Stat(path + "-wal"); err != nil && !os.IsNotExist(err) {
		return filesLook{}, err
	}
	return l, nil
}

func (l filesLook) same(o filesLook) bool {
	return sameFile(l.db, o.db) && sameFile(l.wal, o.wal)
}

func sameFile(a, b os.FileInfo) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
}

// lastModified is the later of the two files' modification times.
func (l filesLook) lastModified() time.Time {
	t := l.db.ModTime()
	if l.wal != nil && l.wal.ModTime().After(t) {
		t = l.wal.ModTime()
	}
	return t
}

// versionSeen is the data version SQLite last gave, with the look of the
// files taken just before asking and when.
type versionSeen struct {
	ok      bool
	look    filesLook
	at      time.Time
	version int64
}

// still reports whether the version seen still holds, judged by the look
// of the files now: they are as they were, had already been quiet for
// versionSettle when it was read, and it was read within versionRecheck.
func (s versionSeen) still(now filesLook, at time.Time) bool {
	return s.ok && at.Sub(s.at) < versionRecheck && at.Sub(s.at) >= 0 &&
		s.at.Sub(s.look.lastModified()) >= versionSettle && s.look.same(now)
}

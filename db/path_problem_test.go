package db

import (
	"io/fs"
	"strings"
	"syscall"
	"testing"
)

// What the system says of a database that cannot be made or opened for
// want of permission, or on a read-only disk, is said in words, naming
// the folder and what to do. (As root, a test cannot make a folder it
// may not write in: the commands were tried so by hand.)
func TestAPathTheSystemRefusesIsSaidInWords(t *testing.T) {
	for _, c := range []struct {
		verb string
		err  error
		want string
	}{
		{"create", &fs.PathError{Op: "open", Path: "/srv/ro/x.db.incomplete-new-1-1", Err: syscall.EACCES}, "cannot create the database /srv/ro/x.db: you may not write in the folder /srv/ro (permission denied); give a database path in a folder you can write"},
		{"create", &fs.PathError{Op: "open", Path: "/srv/ro/x.db", Err: syscall.EPERM}, "you may not write in the folder /srv/ro"},
		{"create", &fs.PathError{Op: "open", Path: "/srv/ro/x.db", Err: syscall.EROFS}, "the folder /srv/ro is on a read-only file system; give a database path on a disk that can be written"},
		{"open", &fs.PathError{Op: "stat", Path: "/srv/ro/x.db", Err: syscall.EACCES}, "cannot open the database /srv/ro/x.db: you may not read it or its folder /srv/ro (permission denied)"},
	} {
		got := pathProblem(c.verb, "/srv/ro/x.db", c.err).Error()
		if !strings.Contains(got, c.want) {
			t.Errorf("%s, %v: %q; want %q", c.verb, c.err, got, c.want)
		}
	}
}

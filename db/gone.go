package db

import (
	"os"

	"github.com/signoff/signoff/model"
)

// noteFile remembers which file the path named when the store opened it.
// Stat opens nothing, so SQLite's locks are safe (STYLE.md).
func (s *sqliteFile) noteFile() {
	if fi, err := os.Stat(s.path); err == nil {
		s.file = fi
	}
}

// goneError says why nothing may be written once the path no longer names
// the file this process holds open: its disk was unmounted (umount -l
// leaves it open), or it was moved, removed or replaced. SQLite would go on
// writing into the open file, which nobody could open again by its path:
// the write would look saved and be lost once the process ends.
func (s *sqliteFile) goneError() error {
	if s.file == nil {
		return nil
	}
	if fi, err := os.Stat(s.path); err == nil && os.SameFile(fi, s.file) {
		return nil
	}
	return model.Errorf(model.EUNAVAILABLE, "the database %s is no longer at its path (its disk was unmounted, or it was moved, removed or replaced while signoff had it open), so nothing is recorded: a write now would be lost; bring it back, or open the database again", s.path)
}

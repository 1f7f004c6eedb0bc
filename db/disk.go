package db

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/signoff/signoff/model"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// nearlyFull is the free space under which a failed write is put down to
// a full disk: SQLite asks for a page or a 32 KiB block of its -shm at a
// time, so a disk that refused it has next to nothing left.
const nearlyFull = 1 << 20

// diskError is the sentence for SQLite failing to write the file or its
// -wal and -shm (SQLITE_FULL, SQLITE_IOERR): a full disk, or a disk that
// fails or went away. Neither is signoff's fault nor the driver's, and a
// person can act on it, so it is not an internal error. The failed write
// rolled back whole; freeing space, or bringing the disk back, and trying
// again is the way out, as for a server that went away (EUNAVAILABLE).
func (s *sqliteFile) diskError(se *sqlite.Error) error {
	dir := filepath.Dir(s.path)
	free, known := freeSpace(dir)
	switch {
	case known && free < nearlyFull:
		return model.Errorf(model.EUNAVAILABLE, "the disk holding %s is full (%s free), so SQLite could not write there and nothing of what was being written is recorded; free space on it and try again", s.path, bytesFree(free))
	case se.Code()&0xff == sqlite3.SQLITE_FULL:
		return model.Errorf(model.EUNAVAILABLE, "the disk holding %s, or the temporary folder %s, is full, so SQLite could not write there and nothing of what was being written is recorded; free space there and try again", s.path, os.TempDir())
	}
	return model.Errorf(model.EUNAVAILABLE, "the database %s could not be read or written (%s): its disk fails, or the folder it is in went away (unmounted, removed); nothing of what was being written is recorded; bring the disk back and try again", s.path, se.Error())
}

func bytesFree(n uint64) string {
	if n < 1<<10 {
		return fmt.Sprintf("%d bytes", n)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}

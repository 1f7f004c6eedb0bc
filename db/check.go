package db

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/signoff/signoff/model"
)

// The file checks below read the SQLite header with plain os calls, which is
// only safe before the driver holds the file: closing any descriptor of a
// file drops every POSIX lock this process holds on it. held remembers the
// files this process has open through the driver so they are never read that
// way (their header was checked when they were first opened).
var held = struct {
	sync.Mutex
	files map[string]*heldFile
}{files: map[string]*heldFile{}}

type heldFile struct {
	info   fs.FileInfo
	n      int
	access access
}

func holding(info fs.FileInfo) bool {
	held.Lock()
	defer held.Unlock()
	for _, h := range held.files {
		if os.SameFile(h.info, info) {
			return true
		}
	}
	return false
}

// heldAccess is how to open path: as this process already holds it, else
// as accessOf decides (a file this process just created is its own).
func heldAccess(path string, created bool) (access, error) {
	if created {
		return readWrite, nil
	}
	held.Lock()
	h := held.files[path]
	held.Unlock()
	if h != nil {
		return h.access, nil
	}
	return accessOf(path)
}

// hold records that the driver is about to hold path; release undoes it.
func hold(path string, a access) {
	info, err := os.Stat(path)
	if err != nil {
		return
	}
	held.Lock()
	defer held.Unlock()
	if h := held.files[path]; h != nil {
		h.n++
		return
	}
	held.files[path] = &heldFile{info: info, n: 1, access: a}
}

func release(path string) {
	held.Lock()
	defer held.Unlock()
	if h := held.files[path]; h != nil {
		if h.n--; h.n == 0 {
			delete(held.files, path)
		}
	}
}

// prepareFile checks an existing database file read-only before the
// driver opens it. A missing file is the caller's to make (createSQLite).
//
// An existing empty file is refused: signoff creates its database itself, so
// an empty file at the path is something else (a placeholder, a failed copy)
// and adopting it could hide a mistake.
func prepareFile(path string) error {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		if to, lerr := os.Readlink(path); lerr == nil {
			if !filepath.IsAbs(to) {
				to = filepath.Join(filepath.Dir(path), to)
			}
			return model.Errorf(model.EINVALID, "%s is a symbolic link to %s, where there is no file: signoff makes no database through a link; make it at %s, or remove the link", path, to, to)
		}
	}
	if err != nil {
		return pathProblem("open", path, err)
	}
	switch {
	case info.IsDir():
		return model.Errorf(model.EINVALID, "%s is a folder, not a signoff database; give the path of a database file, such as %s", path, filepath.Join(path, "signoff.db"))
	case !info.Mode().IsRegular():
		return model.Errorf(model.EINVALID, "%s is not a regular file, so it cannot be a signoff database", path)
	case info.Size() == 0:
		return damagedFile(model.Errorf(model.EINVALID, "%s is an empty file, not a signoff database; signoff creates its database itself when the path does not exist", path))
	case holding(info):
		return nil
	}
	return checkHeader(path, info.Size())
}

const sqliteMagic = "SQLite format 3\x00"

// IsSQLiteFile reports whether the file at path begins as every SQLite
// database does, for the commands that write files and must never write
// over one. A file that cannot be read is not known to be one; a file the
// driver holds is one, and is not opened here (see held).
func IsSQLiteFile(path string) bool {
	info, err := os.Stat(path)
	if err != nil || !info.Mode().IsRegular() {
		return false
	}
	if holding(info) {
		return true
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var h [len(sqliteMagic)]byte
	_, err = io.ReadFull(f, h[:])
	return err == nil && string(h[:]) == sqliteMagic
}

// checkHeader reads the 100-byte SQLite header and refuses anything that is
// not an intact signoff database this build understands.
func checkHeader(path string, size int64) error {
	f, err := os.Open(path)
	if err != nil {
		return model.Errorf(model.EINVALID, "cannot read the database %s: %v", path, pathErr(err))
	}
	var h [100]byte
	n, err := io.ReadFull(f, h[:])
	f.Close()
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return model.Errorf(model.EINVALID, "cannot read the database %s: %v", path, err)
	}
	if n < len(h) || string(h[:16]) != sqliteMagic {
		return damagedFile(model.Errorf(model.EINVALID, "%s is not a SQLite database (it begins with %q), so it cannot be a signoff database", path, h[:min(n, 16)]))
	}
	u32 := func(off int) uint32 { return binary.BigEndian.Uint32(h[off : off+4]) }
	pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	if pageSize < 512 || pageSize&(pageSize-1) != 0 {
		return damagedFile(model.Errorf(model.EINVALID, "%s is a damaged SQLite database: its header gives a page size of %d; %s", path, pageSize, restoreDamaged))
	}
	// The page count in the header is trustworthy when its "valid for"
	// counter matches the change counter; a pending WAL may legitimately
	// hold pages the main file does not have yet, so only judge without one.
	if !walPending(path) {
		pages := int64(u32(28))
		if pages > 0 && u32(24) == u32(92) && pages*pageSize > size {
			return damagedFile(model.Errorf(model.EINVALID, "%s is a truncated SQLite database: its header promises %d bytes but the file holds %d; %s", path, pages*pageSize, size, restoreDamaged))
		}
		if size%pageSize != 0 {
			return damagedFile(model.Errorf(model.EINVALID, "%s is a damaged SQLite database: its size (%d bytes) is not a whole number of %d-byte pages; %s", path, size, pageSize, restoreDamaged))
		}
	}
	if id := u32(68); id != applicationID {
		if id == 0 {
			return model.Errorf(model.EINVALID, "%s is a SQLite database without the signoff stamp (application_id 0), so it belongs to another program", path)
		}
		return model.Errorf(model.EINVALID, "%s is a SQLite database of another application (application_id 0x%08X), not a signoff database", path, id)
	}
	return checkVersion(path, int64(int32(u32(60))))
}

// restoreDamaged is what to do with a file whose header shows it damaged:
// signoff leaves it as it is, and reads nothing from it.
const restoreDamaged = "signoff leaves it as it is: restore it from a backup, then run signoff verify"

// checkVersion refuses a schema newer than this build's migrations.
func checkVersion(path string, version int64) error {
	if latest := latestVersion(); version > latest {
		return model.Errorf(model.EINVALID, "%s was written by a newer signoff (schema version %d; this build knows up to %d); upgrade signoff to open it", path, version, latest)
	}
	return nil
}

func walPending(path string) bool {
	info, err := os.Stat(path + "-wal")
	return err == nil && info.Size() > 0
}

// checkStamp repeats the stamp check through the driver, which also sees a
// stamp still in the WAL. A database with no stamp is accepted only when it
// is empty (one this process just created).
func (s *sqliteFile) checkStamp(ctx context.Context) error {
	var id, version, tables int64
	err := s.sql.QueryRowContext(ctx, `SELECT (SELECT application_id FROM pragma_application_id),
		(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)`).Scan(&id, &version, &tables)
	if err != nil {
		return s.Fail(err)
	}
	if id == 0 && version == 0 && tables == 0 {
		return nil
	}
	if id != applicationID {
		return model.Errorf(model.EINVALID, "%s is a SQLite database of another application (application_id 0x%08X), not a signoff database", s.path, id)
	}
	if err := checkVersion(s.path, version); err != nil {
		return err
	}
	return s.checkMigrations(ctx, version)
}

// checkMigrations holds the schema's two records of its version to each
// other: user_version in the header, and the rows of schema_migrations,
// which must be exactly migrations 1 to user_version. A newer row means a
// newer signoff wrote the file; any other difference means the file was
// changed by hand or half-restored. Either is refused before anything is
// written: migrating such a file would fail part way ("table already
// exists") or skip what it needs.
func (s *sqliteFile) checkMigrations(ctx context.Context, version int64) error {
	var n, top int64
	err := s.sql.QueryRowContext(ctx, "SELECT count(*), coalesce(max(version), 0) FROM schema_migrations").Scan(&n, &top)
	if err != nil {
		var tables int64
		if qerr := s.sql.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE name = 'schema_migrations'").Scan(&tables); qerr != nil || tables > 0 {
			return s.Fail(err)
		}
	}
	latest := latestVersion()
	switch {
	case top > latest:
		return model.Errorf(model.EINVALID, "%s was written by a newer signoff (its migrations table records schema version %d; this build knows up to %d); upgrade signoff to open it", s.path, top, latest)
	case top != version || n != top:
		return model.Errorf(model.EINVALID, "%s has an inconsistent schema: its header says version %d, but its migrations table records %d migrations up to version %d; it was changed outside signoff, so restore it from a copy (signoff leaves it as it is)", s.path, version, n, top)
	}
	return nil
}

func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

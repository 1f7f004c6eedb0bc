package postgres

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	"github.com/jackc/pgx/v5"
)

// Where the driver looks for a password, as libpq does: the address, then
// $PGPASSWORD, then the password file ($PGPASSFILE, else ~/.pgpass, or
// the address's passfile parameter). libpq (psql) ignores a password file
// that others may read, with a warning; the driver reads it whatever its
// mode, so signoff does what psql does: a password found only there is
// not used, and the person is told (PasswordFileWarning).

// passwordSource is where the password a connection offers came from,
// for the sentence that says a login failed.
type passwordSource struct {
	given   string // "the address", "$PGPASSWORD", "the password file PATH", "" for none
	file    string // the password file looked in
	ignored bool   // the file held one, but others may read the file
}

// passwordGiven reports whether the address itself carries a password.
func passwordGiven(address string) bool {
	u, err := url.Parse(address)
	if err != nil {
		return false
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			return true
		}
	}
	return u.Query().Has("password")
}

// passfile is the password file the driver reads for address.
func passfile(address string) string {
	if u, err := url.Parse(address); err == nil {
		if p := u.Query().Get("passfile"); p != "" {
			return p
		}
	}
	if p := os.Getenv("PGPASSFILE"); p != "" {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".pgpass")
}

// looseFile reports whether the password file at path exists and others
// than its owner may read or write it (group or world bits), as libpq
// judges it. On Windows libpq does not judge, nor does signoff.
func looseFile(path string) bool {
	if path == "" || runtime.GOOS == "windows" {
		return false
	}
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular() && info.Mode().Perm()&0o077 != 0
}

// PasswordFileWarning is the warning for address whose password would be
// looked up in a password file others may read: that file is ignored, as
// psql ignores it. "" when no password file is read or it is private.
func PasswordFileWarning(address string) string {
	if !IsAddress(address) || passwordGiven(address) || os.Getenv("PGPASSWORD") != "" {
		return ""
	}
	file := passfile(address)
	if !looseFile(file) {
		return ""
	}
	return fmt.Sprintf("the password file %s can be read by others than its owner, so signoff ignores it, as psql does: chmod 600 %s", file, file)
}

// choosePassword settles the password config offers: one the driver took
// from a password file others may read is taken out again.
func choosePassword(address string, config *pgx.ConnConfig) passwordSource {
	switch {
	case passwordGiven(address):
		return passwordSource{given: "the address"}
	case os.Getenv("PGPASSWORD") != "":
		return passwordSource{given: "$PGPASSWORD"}
	}
	src := passwordSource{file: passfile(address)}
	if config.Password == "" {
		return src
	}
	if looseFile(src.file) {
		config.Password = ""
		src.ignored = true
		return src
	}
	src.given = "the password file " + src.file
	return src
}

// noPassword is the sentence for a login the server refused for want of a
// password, when signoff offered none.
func (s passwordSource) noPassword(place, user, message string) string {
	where := "the password file"
	if s.file != "" {
		where += " " + s.file
	}
	why := "which has no line for this host, port, database and user"
	if s.ignored {
		why = "which signoff ignores because others than its owner may read it (chmod 600 it)"
	}
	return fmt.Sprintf("the PostgreSQL server at %s asks a password of %s, and signoff found none to give (%s): it looks in the address, in $PGPASSWORD, then in %s (or $PGPASSFILE), %s", place, user, message, where, why)
}

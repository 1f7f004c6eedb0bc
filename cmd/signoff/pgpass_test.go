package main

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A ~/.pgpass others may read is ignored, as psql ignores it, and the
// person is warned once, before what the command says of the server; an
// outage names the server by host and database, never the password.
func TestAPasswordFileOthersMayReadIsWarnedOf(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hostport := l.Addr().String()
	l.Close() // nothing listens: the server is away
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", "")
	pgpass := filepath.Join(home, ".pgpass")
	if err := os.WriteFile(pgpass, []byte("*:*:*:*:FILEPW\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	address := "postgres://signoff_app@" + hostport + "/signoff?sslmode=disable"
	if r := signoff(t, address, "", "incidents"); strings.Contains(r.stderr, "warning") {
		t.Errorf("a private password file is warned of: %q", r.stderr)
	}
	os.Chmod(pgpass, 0o644)
	r := signoff(t, address, "", "incidents")
	want := "signoff: warning: the password file " + pgpass + " can be read by others than its owner, so signoff ignores it, as psql does: chmod 600 " + pgpass + "\n"
	if !strings.HasPrefix(r.stderr, want) || strings.Count(r.stderr, "warning") != 1 {
		t.Errorf("stderr %q; want it to begin with %q", r.stderr, want)
	}
	if !strings.Contains(r.stderr, "the PostgreSQL server at "+hostport+"/signoff cannot be reached") || strings.Contains(r.stderr, "FILEPW") || strings.Contains(r.stderr, "signoff_app@") {
		t.Errorf("stderr %q; want the server named by host and database alone", r.stderr)
	}
}

package postgres

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/signoff/signoff/model"
)

// passwordServer answers every connection as a server that wants a
// password and refuses it, and hands the password each login offered to
// the test.
func passwordServer(t *testing.T) (string, <-chan string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	offered := make(chan string, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			b := pgproto3.NewBackend(c, c)
			if _, err := b.ReceiveStartupMessage(); err != nil {
				c.Close()
				continue
			}
			b.Send(&pgproto3.AuthenticationCleartextPassword{})
			b.Flush()
			b.SetAuthType(pgproto3.AuthTypeCleartextPassword)
			if msg, err := b.Receive(); err == nil {
				if pw, ok := msg.(*pgproto3.PasswordMessage); ok {
					offered <- pw.Password
				}
			}
			b.Send(&pgproto3.ErrorResponse{Severity: "FATAL", Code: "28P01", Message: `password authentication failed for user "signoff_app"`})
			b.Flush()
			c.Close()
		}
	}()
	t.Cleanup(func() { l.Close(); <-done })
	return l.Addr().String(), offered
}

// The driver reads ~/.pgpass whatever its mode; psql ignores one others
// may read, with a warning. signoff does as psql, and a login refused for
// want of a password says none was found and where it was looked for,
// not the server's "password authentication failed" alone. No sentence
// ever holds the password.
func TestAPasswordFileOthersMayReadIsIgnoredAndAMissingPasswordIsSaid(t *testing.T) {
	hostport, offered := passwordServer(t)
	address := "postgres://signoff_app@" + hostport + "/signoff?sslmode=disable"
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", "")
	pgpass := filepath.Join(home, ".pgpass")
	open := func(address string) (string, string) {
		t.Helper()
		_, err := Open(context.Background(), address)
		if model.ErrorCode(err) != model.EFORBIDDEN {
			t.Fatalf("got %v (%s); want the login refused", err, model.ErrorCode(err))
		}
		msg := model.ErrorMessage(err)
		if strings.Contains(msg, "FILEPW") || strings.Contains(msg, "URLPW") {
			t.Errorf("the password shows in %q", msg)
		}
		select {
		case pw := <-offered:
			return msg, pw
		default:
			return msg, "(none sent)"
		}
	}

	t.Run("with no password anywhere, the sentence says where it looked", func(t *testing.T) {
		msg, _ := open(address)
		for _, want := range []string{"at " + hostport + "/signoff asks a password of \"signoff_app\", and signoff found none to give", "$PGPASSWORD", pgpass, "has no line for this host"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%q does not say %q", msg, want)
			}
		}
		if PasswordFileWarning(address) != "" {
			t.Errorf("a warning with no password file: %q", PasswordFileWarning(address))
		}
	})
	t.Run("a password file others may read is not used, and said", func(t *testing.T) {
		if err := os.WriteFile(pgpass, []byte("*:*:*:*:FILEPW\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chmod(pgpass, 0o644)
		msg, pw := open(address)
		if pw == "FILEPW" {
			t.Error("the password of a file others may read was sent")
		}
		if !strings.Contains(msg, "signoff ignores because others than its owner may read it") {
			t.Errorf("%q does not say the file was ignored", msg)
		}
		if w := PasswordFileWarning(address); !strings.Contains(w, pgpass+" can be read by others") || !strings.Contains(w, "chmod 600") {
			t.Errorf("the warning is %q", w)
		}
	})
	t.Run("a private password file is used", func(t *testing.T) {
		os.Chmod(pgpass, 0o600)
		msg, pw := open(address)
		if pw != "FILEPW" {
			t.Errorf("the login offered %q; want the file's password", pw)
		}
		if !strings.Contains(msg, "refused the login of \"signoff_app\" with the password from the password file "+pgpass) || PasswordFileWarning(address) != "" {
			t.Errorf("got %q, warning %q", msg, PasswordFileWarning(address))
		}
	})
	t.Run("a password in the address wins, and is never shown", func(t *testing.T) {
		os.Chmod(pgpass, 0o644)
		msg, pw := open("postgres://signoff_app:URLPW@" + hostport + "/signoff?sslmode=disable")
		if pw != "URLPW" || !strings.Contains(msg, "with the password from the address") {
			t.Errorf("offered %q, said %q", pw, msg)
		}
		if PasswordFileWarning("postgres://signoff_app:URLPW@"+hostport+"/signoff") != "" {
			t.Error("a warning about a file not read")
		}
	})
}

// An outage names the server by host and database only: the analysts
// who see it on their screens see no user, password or parameters.
func TestAnOutageNamesTheHostAndDatabaseOnly(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hostport := l.Addr().String()
	l.Close()
	_, err = Open(context.Background(), "postgres://signoff_app:URLPW@"+hostport+"/signoff?sslmode=disable&application_name=x")
	msg := model.ErrorMessage(err)
	if model.ErrorCode(err) != model.EUNAVAILABLE || !strings.Contains(msg, "the PostgreSQL server at "+hostport+"/signoff cannot be reached") {
		t.Errorf("got %q", msg)
	}
	for _, secret := range []string{"URLPW", "signoff_app", "xxxxx", "sslmode", "postgres://"} {
		if strings.Contains(msg, secret) {
			t.Errorf("%q shows %q", msg, secret)
		}
	}
	if got := Place("postgres://u:p%40ss@db.example.org:6432/signoff?password=QPW"); got != "db.example.org:6432/signoff" {
		t.Errorf("Place: %q", got)
	}
}

package postgres

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/signoff/signoff/model"
)

// A server that cannot be reached is named once, with what went wrong,
// not with the driver's chain of addresses and dial errors.
func TestAServerThatCannotBeReachedIsNamedOnceWithTheCause(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close() // nothing listens there now
	address := "postgres://signoff@127.0.0.1:" + strconv.Itoa(port) + "/signoff?connect_timeout=5"
	_, err = Open(context.Background(), address)
	if model.ErrorCode(err) != model.EUNAVAILABLE {
		t.Fatalf("got %v, want the server unreachable", err)
	}
	msg := model.ErrorMessage(err)
	if !strings.Contains(msg, "cannot be reached (connection refused);") || strings.Count(msg, "127.0.0.1") != 1 || strings.Contains(msg, "dial") {
		t.Errorf("the sentence is %q", msg)
	}
}

// silentServer is an address where connections are accepted and never
// answered, as a server hung, or a network that drops its replies: a
// connect waits for it until a timeout.
func silentServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var held []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				break
			}
			held = append(held, c)
		}
		for _, c := range held {
			c.Close()
		}
	}()
	t.Cleanup(func() { l.Close(); <-done })
	return "postgres://signoff@" + l.Addr().String() + "/signoff?sslmode=disable"
}

// A server that does not answer within the address's connect_timeout
// cannot be reached, whether the pool or the listener connects: the
// driver's timeout is a context's error, but not the caller's deadline,
// which is an error of its own (not the server gone).
func TestAServerThatDoesNotAnswerInTimeCannotBeReached(t *testing.T) {
	address := silentServer(t)
	_, err := Open(context.Background(), address+"&connect_timeout=1")
	if model.ErrorCode(err) != model.EUNAVAILABLE || !strings.Contains(model.ErrorMessage(err), "cannot be reached (no answer within the address's connect_timeout)") {
		t.Errorf("opening: got %v, want the server unreachable", err)
	}
	config, err := pgx.ParseConfig(address + "&connect_timeout=1")
	if err != nil {
		t.Fatal(err)
	}
	e := &Engine{address: address}
	if _, err := connectListening(context.Background(), config); model.ErrorCode(e.Fail(err)) != model.EUNAVAILABLE {
		t.Errorf("the listener connecting: got %v, want the server unreachable", e.Fail(err))
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := Open(ctx, address); model.ErrorCode(err) == model.EUNAVAILABLE {
		t.Errorf("opening past the caller's own deadline: got %v, want no word of the server", err)
	}
}

// verify reads the server's catalog, which every role may read unless a
// superuser took that away: the sentence names the catalog table, not
// signoff's schema, and what gives it back.
func TestARoleRefusedTheServersCatalogIsToldWhatGivesItBack(t *testing.T) {
	e := &Engine{role: "signoff_app", schema: "signoff"}
	err := e.Fail(&pgconn.PgError{Code: "42501", Message: "permission denied for table pg_trigger"})
	for _, want := range []string{"the PostgreSQL role signoff_app lacks SELECT on the server's catalog table pg_catalog.pg_trigger",
		"a superuser gives it back in this database with GRANT SELECT ON pg_catalog.pg_trigger TO \"signoff_app\" (docs/postgres.md, Roles and grants)"} {
		if model.ErrorCode(err) != model.EFORBIDDEN || !strings.Contains(model.ErrorMessage(err), want) {
			t.Errorf("got %v\nwant %q", err, want)
		}
	}
}

// The rights signoff needs, by table, are read from grants.sql.
func TestTheRightsNeededAreTheGrants(t *testing.T) {
	for table, want := range map[string]string{"*": "SELECT", "chain": "INSERT", "pending_items": "", "incident_counts": "", "training_runs": "INSERT,UPDATE"} {
		if got := strings.Join(needed()[table], ","); got != want {
			t.Errorf("%s: %q, want %q", table, got, want)
		}
	}
}

package postgres

import (
	"context"
	"net"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/signoff/signoff/model"
)

// holeConn drops what the client sends once its hole opens, as a network
// that loses packets, or a server host that vanished in a failover, does:
// no reset comes back, and a read waits for an answer that never comes.
type holeConn struct {
	net.Conn
	hole *atomic.Bool
}

func (c holeConn) Write(b []byte) (int, error) {
	if c.hole.Load() {
		return len(b), nil
	}
	return c.Conn.Write(b)
}

// A listening connection whose server stops answering is noticed: the
// ping of a quiet connection gives up, the data version says the server
// is away, and once it answers again the version moves.
func TestAListenerWhoseServerStopsAnsweringSaysSo(t *testing.T) {
	address := os.Getenv("SIGNOFF_TEST_POSTGRES")
	if address == "" {
		t.Skip("PostgreSQL tests skipped: set SIGNOFF_TEST_POSTGRES=postgres://USER@HOST:PORT/DATABASE to run them (.ci/run starts a server and does)")
	}
	config, err := pgx.ParseConfig(address)
	if err != nil {
		t.Fatal(err)
	}
	first := new(atomic.Bool) // the hole of the first connection only
	var dialed atomic.Int64
	dial := config.DialFunc
	config.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dial(ctx, network, addr)
		if err != nil || dialed.Add(1) > 1 {
			return conn, err
		}
		return holeConn{conn, first}, nil
	}
	l, err := listenTimed(context.Background(), config, "public", 50*time.Millisecond, 200*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer l.stop()
	v0, _ := l.version()
	first.Store(true)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := l.version(); err != nil {
			// The screens and decisions --follow wait for a server that is
			// away; any other error is one they stop at.
			if failed := (&Engine{address: "the test server"}).Fail(err); model.ErrorCode(failed) != model.EUNAVAILABLE {
				t.Errorf("the listener says %v (%s); want the server's sentence (%s)", failed, model.ErrorCode(failed), model.EUNAVAILABLE)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("thirty seconds after its server stopped answering the listener still says it listens")
		}
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if v, err := l.version(); err == nil && v != v0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the listener did not come back on a new connection within thirty seconds")
		}
	}
}

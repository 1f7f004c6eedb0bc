package postgres

import (
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// A listener keeps one connection of its own LISTENing on the channel the
// schema's triggers notify at every commit that writes the record, a
// claim or a training run (migration 0001): the data version moves on
// each, within moments of a write on any host, and nothing is polled on
// the server. When the connection drops it reconnects, and the version
// moves once it is back: what was written meanwhile sent notifications
// nobody heard, so every reader reads again.
type listener struct {
	config *pgx.ConnConfig
	schema string

	quiet, answer time.Duration // how long a connection may be quiet, and a ping unanswered

	mu      sync.Mutex
	n       int64
	down    error         // why the connection is down, nil while it listens
	changed chan struct{} // closed when n next moves

	cancel context.CancelFunc
	done   chan struct{}
}

// channel is the one channel signoff's triggers notify; the payload names
// the schema written.
const channel = "signoff"

// How long the listener waits between attempts to reconnect, at first and
// at most, how often it checks a quiet connection is still there, and how
// long that ping may go unanswered.
const (
	retryFirst = 250 * time.Millisecond
	retryMost  = 5 * time.Second
	quiet      = 20 * time.Second
	answer     = 10 * time.Second
)

// listen connects and starts listening; the first connection is made
// before it returns, so no write after Open goes unheard.
func listen(ctx context.Context, config *pgx.ConnConfig, schema string) (*listener, error) {
	return listenTimed(ctx, config, schema, quiet, answer)
}

// listenTimed is listen with the checks of a quiet connection timed.
func listenTimed(ctx context.Context, config *pgx.ConnConfig, schema string, quiet, answer time.Duration) (*listener, error) {
	conn, err := connectListening(ctx, config)
	if err != nil {
		return nil, err
	}
	run, cancel := context.WithCancel(context.Background())
	l := &listener{config: config, schema: schema, quiet: quiet, answer: answer, cancel: cancel, done: make(chan struct{}), changed: make(chan struct{})}
	go l.run(run, conn)
	return l, nil
}

func connectListening(ctx context.Context, config *pgx.ConnConfig) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, config.Copy())
	if err != nil {
		return nil, connectFailed(ctx, err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+channel); err != nil {
		conn.Close(ctx)
		return nil, err
	}
	return conn, nil
}

func (l *listener) run(ctx context.Context, conn *pgx.Conn) {
	defer close(l.done)
	wait := retryFirst
	for {
		if conn != nil {
			l.set(nil, true)
			wait = retryFirst
			err := l.hear(ctx, conn)
			conn.Close(context.Background())
			if ctx.Err() != nil {
				return
			}
			l.set(err, false)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, retryMost)
		var err error
		if conn, err = connectListening(ctx, l.config); err != nil {
			conn = nil
			l.set(err, false)
		}
	}
}

// hear counts the notifications for this schema until the connection
// fails; a quiet connection is pinged now and then, so one that died
// without a word, or stopped answering, is noticed.
func (l *listener) hear(ctx context.Context, conn *pgx.Conn) error {
	for {
		wait, cancel := context.WithTimeout(ctx, l.quiet)
		n, err := conn.WaitForNotification(wait)
		cancel()
		switch {
		case err == nil:
			if n.Payload == l.schema {
				l.set(nil, true)
			}
		case ctx.Err() != nil:
			return ctx.Err()
		case wait.Err() != nil:
			// Bounded: a server host that vanished (a failover) or a
			// network that drops packets sends no reset, and the ping
			// would wait until TCP gave up, a quarter of an hour, while
			// the screens went on as if the server answered.
			ping, cancel := context.WithTimeout(ctx, l.answer)
			err := conn.Ping(ping)
			cancel()
			if err != nil && ctx.Err() == nil && pgconn.Timeout(err) {
				return &unanswered{err, "no answer to a ping within " + l.answer.String()}
			}
			if err != nil {
				return err
			}
		default:
			return err
		}
	}
}

// set records the connection's state; move says the version moves.
func (l *listener) set(down error, move bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if move || (down == nil) != (l.down == nil) {
		// Waiters hear of a write, and of the connection going or coming.
		close(l.changed)
		l.changed = make(chan struct{})
	}
	l.down = down
	if move {
		l.n++
	}
}

// wait is closed at the next change of the version or of the connection.
func (l *listener) wait() <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.changed
}

// version is the data version, or why it cannot be known now.
func (l *listener) version() (int64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n, l.down
}

func (l *listener) stop() {
	l.cancel()
	<-l.done
}

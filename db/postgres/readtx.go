package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/stdlib"
)

// A read is a transaction (one snapshot) of a query or a few, and on a
// server each BEGIN and each ROLLBACK used to be a round trip of its own:
// two of a page's four, two of a step's four. So a read-only transaction
// begins with its first query, its BEGIN sent in the same round trip
// (PostgreSQL takes a transaction's snapshot at its first query, not at
// BEGIN, so the read sees what it saw before), and it ends without
// waiting: its ROLLBACK is sent, and the answer is read before the
// connection's next use, usually with the next read's first query.
// Writes begin and end as before.

// reading is what a connection owes: a BEGIN not sent yet, and answers
// to ends sent and not read.
type reading struct {
	begin string    // the BEGIN of a read-only transaction, sent with its first query
	owed  int       // ends sent whose answers are not read yet
	ended time.Time // when the last of them was sent
}

// readTx is a read-only transaction of a connection.
type readTx struct{ c *rebindConn }

func (t readTx) Commit() error   { return t.c.endRead("COMMIT") }
func (t readTx) Rollback() error { return t.c.endRead("ROLLBACK") }

// beginRead begins a read-only transaction, to be sent with its first
// query.
func (c *rebindConn) beginRead(opts driver.TxOptions) (driver.Tx, error) {
	if c.Conn.Conn().IsClosed() {
		return nil, driver.ErrBadConn
	}
	level := ""
	switch sql.IsolationLevel(opts.Isolation) {
	case sql.LevelDefault:
	case sql.LevelReadUncommitted:
		level = " ISOLATION LEVEL READ UNCOMMITTED"
	case sql.LevelReadCommitted:
		level = " ISOLATION LEVEL READ COMMITTED"
	case sql.LevelRepeatableRead, sql.LevelSnapshot:
		level = " ISOLATION LEVEL REPEATABLE READ"
	case sql.LevelSerializable:
		level = " ISOLATION LEVEL SERIALIZABLE"
	default:
		return nil, fmt.Errorf("internal error: isolation level %d is not one PostgreSQL has", opts.Isolation)
	}
	c.begin = "BEGIN" + level + " READ ONLY"
	return readTx{c}, nil
}

// endRead ends a read: nothing to send when no query began it, else its
// end is sent and its answer read later (settle). A read changed
// nothing, so an end that fails loses nothing; the connection is closed
// and the next use finds it gone.
func (c *rebindConn) endRead(end string) error {
	if c.begin != "" {
		c.begin = ""
		return nil
	}
	pg := c.Conn.Conn().PgConn()
	if pg.IsClosed() {
		return nil
	}
	c.portals = portalNames{} // the end closes them all
	f := pg.Frontend()
	f.Send(&pgproto3.Query{String: end})
	if err := f.Flush(); err != nil {
		pg.Close(context.Background())
		return nil
	}
	c.owed++
	c.ended = time.Now()
	return nil
}

// settle reads the answers owed for ends sent without waiting.
func (c *rebindConn) settle(ctx context.Context) error {
	pg := c.Conn.Conn().PgConn()
	for c.owed > 0 {
		msg, err := pg.ReceiveMessage(ctx)
		if err != nil {
			c.owed = 0
			pg.Close(context.Background())
			return err
		}
		if _, ok := msg.(*pgproto3.ReadyForQuery); ok {
			c.owed--
		}
	}
	return nil
}

// ready makes the connection ready for a statement pgx sends: the answers
// owed read, and a read begun whose BEGIN was waiting for its first query.
// Outside a transaction, a connection found gone is one database/sql may
// try again on another (driver.ErrBadConn): nothing was sent.
func (c *rebindConn) ready(ctx context.Context) error {
	if err := c.settle(ctx); err != nil {
		if c.begin == "" && lost(err) {
			return driver.ErrBadConn
		}
		return err
	}
	if c.begin == "" {
		return nil
	}
	begin := c.begin
	c.begin = ""
	return c.Conn.Conn().PgConn().Exec(ctx, begin).Close()
}

// ResetSession readies a connection taken from the pool. One whose last
// read ended less than a second ago keeps the answer owed for the next
// query to read; one idle longer is settled and checked as pgx checks
// any (a ping after a second idle).
func (c *rebindConn) ResetSession(ctx context.Context) error {
	if c.owed > 0 {
		if c.Conn.Conn().IsClosed() {
			return driver.ErrBadConn
		}
		if time.Since(c.ended) < time.Second {
			return nil
		}
		if err := c.settle(ctx); err != nil {
			return driver.ErrBadConn
		}
	}
	return c.Conn.ResetSession(ctx)
}

func (c *rebindConn) Ping(ctx context.Context) error {
	if err := c.ready(ctx); err != nil {
		return err
	}
	return c.Conn.Ping(ctx)
}

// reconnect replaces the connection to the server with a new one, for a
// read whose first round trip found it gone (a server restarted while it
// sat in the pool): nothing of the read was seen, so it begins again, as
// database/sql begins again on another connection when a BEGIN finds its
// own gone.
func (c *rebindConn) reconnect(ctx context.Context) error {
	fresh, err := c.connector.Connect(ctx)
	if err != nil {
		return err
	}
	conn, ok := fresh.(*stdlib.Conn)
	if !ok {
		fresh.Close()
		return errors.New("internal error: the driver's connection is not pgx's")
	}
	c.Conn.Close()
	c.Conn = conn
	c.portals, c.prepared, c.statements, c.owed = portalNames{}, nil, 0, 0
	return nil
}

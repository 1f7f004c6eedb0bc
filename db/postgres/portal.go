package postgres

import (
	"bytes"
	"context"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

// The store reads several queries at once inside one transaction: verify
// walks the chain beside a cursor per table, an incident's walk reads the
// timeline and the verdicts side by side and each step as it goes.
// SQLite runs any number of statements on a connection; PostgreSQL's
// protocol runs one at a time. So inside a transaction every query runs
// in a named portal of its own (the protocol's cursor: Bind, then Execute
// a batch of rows at a time), which lives until the transaction ends: the
// connection is free between batches, and a transaction may hold many.
// The portals are bound to statements the connection prepared once and
// keeps, so a query is parsed once per connection and planned as the
// server plans any prepared statement, and a page's read is one round
// trip: closing the portals the store is done with, binding, and the
// first batch go together. (SQL cursors, DECLARE …
// CURSOR, cannot run a prepared statement, and cost a parse every call.)

// First and later fetches: the first batch answers most queries whole
// (the review screen pages 256 rows at a time: a page is one round trip);
// a walk then reads in larger ones.
const (
	firstFetch = 512
	laterFetch = 2048
)

// keptStatements bounds the statements one connection keeps prepared; the
// store's statements are far fewer, but a statement built from its input
// must not make the set grow without end.
const keptStatements = 512

// portalNames hands out the names of a transaction's portals: names of
// portals closed are used again.
type portalNames struct {
	free    []string
	n       int
	closing []string // closed by the store, to Close on the server next time
}

func (p *portalNames) take() string {
	if k := len(p.free); k > 0 {
		name := p.free[k-1]
		p.free = p.free[:k-1]
		return name
	}
	p.n++
	return "signoff_p" + strconv.Itoa(p.n)
}

// statement is query prepared on the connection, kept by its text.
func (c *rebindConn) statement(ctx context.Context, query string) (*pgconn.StatementDescription, error) {
	if sd, ok := c.prepared[query]; ok {
		return sd, nil
	}
	// Preparing is a round trip pgx reads: what the connection owes first.
	if err := c.settle(ctx); err != nil {
		return nil, err
	}
	pg := c.Conn.Conn().PgConn()
	if len(c.prepared) >= keptStatements {
		for _, sd := range c.prepared {
			if err := pg.Deallocate(ctx, sd.Name); err != nil {
				return nil, err
			}
		}
		clear(c.prepared)
	}
	if c.prepared == nil {
		c.prepared = map[string]*pgconn.StatementDescription{}
	}
	c.statements++
	sd, err := pg.Prepare(ctx, "signoff_s"+strconv.Itoa(c.statements), query, nil)
	if err != nil {
		return nil, err
	}
	c.prepared[query] = sd
	return sd, nil
}

// portal binds query's prepared statement to a portal and fetches its
// first batch, parameters and rows as text; the first query of a read
// begins it (readtx.go).
func (c *rebindConn) portal(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	begin := c.begin
	rows, err := c.openPortal(ctx, query, args)
	if err != nil && begin != "" && lost(err) && ctx.Err() == nil {
		if c.reconnect(ctx) == nil {
			c.begin = begin
			rows, err = c.openPortal(ctx, query, args)
		}
	}
	return rows, err
}

func (c *rebindConn) openPortal(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	params, err := textParams(args)
	if err != nil {
		return nil, err
	}
	sd, err := c.statement(ctx, query)
	if err != nil {
		return nil, err
	}
	pg := c.Conn.Conn().PgConn()
	if pg.IsBusy() {
		return nil, errors.New("internal error: the connection is busy with another query")
	}
	name := c.portals.take()
	f := pg.Frontend()
	closing := c.portals.closing
	for _, old := range closing {
		f.SendClose(&pgproto3.Close{ObjectType: 'P', Name: old})
	}
	if c.begin != "" {
		// In the same Sync: a BEGIN that fails skips the query.
		f.SendParse(&pgproto3.Parse{Query: c.begin})
		f.SendBind(&pgproto3.Bind{})
		f.SendExecute(&pgproto3.Execute{})
	}
	f.SendBind(&pgproto3.Bind{DestinationPortal: name, PreparedStatement: sd.Name, Parameters: params})
	f.SendExecute(&pgproto3.Execute{Portal: name, MaxRows: firstFetch})
	f.SendSync(&pgproto3.Sync{})
	if err := f.Flush(); err != nil {
		pg.Close(ctx)
		return nil, err
	}
	rows := &portalRows{conn: c, name: name, ctx: ctx}
	for _, fd := range sd.Fields {
		rows.columns = append(rows.columns, fd.Name)
		rows.types = append(rows.types, fd.DataTypeOID)
	}
	// The answers owed (the last read's end) come first.
	err = c.settle(ctx)
	c.begin = ""
	if err == nil {
		err = rows.receive(ctx)
	}
	if err != nil {
		c.forgetChanged(query, err)
		return nil, err
	}
	c.portals.free = append(c.portals.free, closing...)
	c.portals.closing = nil
	return rows, nil
}

// forgetChanged drops a kept statement whose tables changed shape since
// it was prepared (a migration by another signoff): the server refuses
// to run it again, and the next call prepares it anew.
func (c *rebindConn) forgetChanged(query string, err error) {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "0A000" {
		return
	}
	if sd, ok := c.prepared[query]; ok {
		delete(c.prepared, query)
		c.Conn.Conn().PgConn().Deallocate(context.Background(), sd.Name)
	}
}

// portalRows are a portal's rows, a fetched batch at a time.
type portalRows struct {
	conn *rebindConn
	// ctx is the query's: driver rows are fetched without one of their
	// own, and a walk that was cancelled must not wait out its next batch.
	ctx     context.Context
	name    string
	columns []string
	types   []uint32
	batch   [][][]byte
	next    int
	done    bool // the portal has nothing more to fetch
}

// receive reads the server's answer to one round trip, up to its
// ReadyForQuery: the rows of a batch, and whether the portal has more.
func (r *portalRows) receive(ctx context.Context) error {
	pg := r.conn.Conn.Conn().PgConn()
	r.batch, r.next, r.done = r.batch[:0], 0, true
	var failed error
	for {
		msg, err := pg.ReceiveMessage(ctx)
		if err != nil {
			// The answer was cut short (the network, or ctx ended): what
			// is left of it would be read as the next query's.
			pg.Close(context.Background())
			return err
		}
		switch msg := msg.(type) {
		case *pgproto3.DataRow:
			// The message's values live in the connection's buffer until
			// the next message: keep a copy.
			size := 0
			for _, v := range msg.Values {
				size += len(v)
			}
			kept := make([]byte, 0, size)
			row := make([][]byte, len(msg.Values))
			for i, v := range msg.Values {
				if v != nil {
					kept = append(kept, v...)
					row[i] = kept[len(kept)-len(v):]
				}
			}
			r.batch = append(r.batch, row)
		case *pgproto3.PortalSuspended:
			r.done = false
		case *pgproto3.ErrorResponse:
			failed = pgconn.ErrorResponseToPgError(msg)
		case *pgproto3.ReadyForQuery:
			return failed
		}
	}
}

func (r *portalRows) Columns() []string { return r.columns }

func (r *portalRows) Next(dest []driver.Value) error {
	if r.next == len(r.batch) {
		if r.done {
			return io.EOF
		}
		if err := r.fetch(r.ctx); err != nil {
			return err
		}
		if len(r.batch) == 0 {
			return io.EOF
		}
	}
	for i, v := range r.batch[r.next] {
		var err error
		if dest[i], err = fromText(r.types[i], v); err != nil {
			return fmt.Errorf("column %s: %w", r.columns[i], err)
		}
	}
	r.next++
	return nil
}

// fetch reads the portal's next batch.
func (r *portalRows) fetch(ctx context.Context) error {
	pg := r.conn.Conn.Conn().PgConn()
	if pg.IsBusy() {
		return errors.New("internal error: the connection is busy with another query")
	}
	f := pg.Frontend()
	f.SendExecute(&pgproto3.Execute{Portal: r.name, MaxRows: laterFetch})
	f.SendSync(&pgproto3.Sync{})
	if err := f.Flush(); err != nil {
		pg.Close(ctx)
		return err
	}
	return r.receive(ctx)
}

// Close leaves the portal to be closed with the connection's next query.
func (r *portalRows) Close() error {
	if r.name != "" {
		r.conn.portals.closing = append(r.conn.portals.closing, r.name)
		r.name = ""
	}
	return nil
}

// textParams spells a query's arguments as PostgreSQL's text input reads
// them; the server infers their types from where they stand.
func textParams(args []driver.NamedValue) ([][]byte, error) {
	out := make([][]byte, len(args))
	for i, a := range args {
		switch v := a.Value.(type) {
		case nil:
		case string:
			out[i] = []byte(v)
		case []byte:
			out[i] = []byte(`\x` + hex.EncodeToString(v))
		case bool:
			out[i] = []byte(strconv.FormatBool(v))
		case float64:
			out[i] = strconv.AppendFloat(nil, v, 'g', -1, 64)
		case time.Time:
			out[i] = []byte(v.Format(time.RFC3339Nano))
		default:
			rv := reflect.ValueOf(v)
			switch rv.Kind() {
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				out[i] = strconv.AppendInt(nil, rv.Int(), 10)
			case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
				out[i] = strconv.AppendUint(nil, rv.Uint(), 10)
			case reflect.String:
				out[i] = []byte(rv.String())
			default:
				return nil, fmt.Errorf("argument %d: a %T cannot be sent to the server as a parameter", i+1, v)
			}
		}
	}
	return out, nil
}

// The types of the columns the store reads, by OID.
const (
	oidBool    = 16
	oidBytea   = 17
	oidInt8    = 20
	oidInt2    = 21
	oidInt4    = 23
	oidFloat4  = 700
	oidFloat8  = 701
	oidNumeric = 1700
)

// fromText reads one column of a row, as text, into what database/sql
// takes.
func fromText(oid uint32, v []byte) (driver.Value, error) {
	if v == nil {
		return nil, nil
	}
	switch oid {
	case oidInt8, oidInt4, oidInt2:
		return strconv.ParseInt(string(v), 10, 64)
	case oidFloat8, oidFloat4:
		return strconv.ParseFloat(string(v), 64)
	case oidNumeric:
		if n, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			return n, nil
		}
		return strconv.ParseFloat(string(v), 64)
	case oidBool:
		return string(v) == "t", nil
	case oidBytea:
		if !bytes.HasPrefix(v, []byte(`\x`)) {
			return nil, fmt.Errorf("bytea not in hex: %.20q", v)
		}
		return hex.DecodeString(string(v[2:]))
	}
	return string(v), nil
}

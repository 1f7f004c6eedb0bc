package postgres

import (
	"bytes"
	"context"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// The store reads several queries at once inside one transaction: verify
// walks the chain beside a cursor per table, an incident's walk reads the
// timeline and the verdicts side by side and each step as it goes.
// SQLite runs any number of statements on a connection; PostgreSQL's
// protocol runs one at a time. So inside a transaction every query runs as
// a server-side cursor (DECLARE … CURSOR), fetched a batch at a time: the
// connection is free between batches, and a transaction may hold many
// cursors. Declaring and the first fetch go together, in one round trip,
// so a small query costs what it would without a cursor; cursors are
// closed with the next query's round trip, and their names used again.

// First and later fetches: a small first batch answers most queries
// whole; a walk then reads in larger ones.
const (
	firstFetch = 128
	laterFetch = 2048
)

// cursorNames hands out the names of a transaction's cursors: names of
// cursors closed are used again, so the statements the connection keeps
// prepared stay few.
type cursorNames struct {
	free    []string
	n       int
	closing []string // closed by the store, to CLOSE on the server next time
}

func (c *cursorNames) take() string {
	if k := len(c.free); k > 0 {
		name := c.free[k-1]
		c.free = c.free[:k-1]
		return name
	}
	c.n++
	return "signoff_c" + strconv.Itoa(c.n)
}

// cursor declares a cursor for query and fetches its first batch. It
// speaks to the connection below pgx (pgconn), with parameters and rows
// as text: the text of FETCH depends on the cursor's query, which pgx's
// statement cache, keyed by the text, cannot tell apart.
func (c *rebindConn) cursor(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	params, err := textParams(args)
	if err != nil {
		return nil, err
	}
	name := c.cursors.take()
	b := &pgconn.Batch{}
	closing := c.cursors.closing
	for _, old := range closing {
		b.ExecParams("CLOSE "+old, nil, nil, nil, nil)
	}
	b.ExecParams("DECLARE "+name+" NO SCROLL CURSOR FOR "+query, params, nil, nil, nil)
	b.ExecParams("FETCH "+strconv.Itoa(firstFetch)+" FROM "+name, nil, nil, nil, nil)
	results, err := c.Conn.Conn().PgConn().ExecBatch(ctx, b).ReadAll()
	if err != nil {
		return nil, err
	}
	c.cursors.free = append(c.cursors.free, closing...)
	c.cursors.closing = nil
	cr := &cursorRows{conn: c, name: name}
	return cr, cr.take(results[len(results)-1], firstFetch)
}

// cursorRows are a cursor's rows, a fetched batch at a time.
type cursorRows struct {
	conn    *rebindConn
	name    string
	columns []string
	types   []uint32
	batch   [][][]byte
	next    int
	done    bool // the cursor has nothing more to fetch
}

// take keeps one fetched batch of rows; fewer than asked means the cursor
// is at its end.
func (r *cursorRows) take(res *pgconn.Result, asked int) error {
	if res.Err != nil {
		return res.Err
	}
	if r.columns == nil {
		for _, f := range res.FieldDescriptions {
			r.columns = append(r.columns, f.Name)
			r.types = append(r.types, f.DataTypeOID)
		}
	}
	r.batch, r.next = res.Rows, 0
	r.done = len(r.batch) < asked
	return nil
}

func (r *cursorRows) Columns() []string { return r.columns }

func (r *cursorRows) Next(dest []driver.Value) error {
	if r.next == len(r.batch) {
		if r.done {
			return io.EOF
		}
		res := r.conn.Conn.Conn().PgConn().ExecParams(context.Background(), "FETCH "+strconv.Itoa(laterFetch)+" FROM "+r.name, nil, nil, nil, nil).Read()
		if err := r.take(res, laterFetch); err != nil {
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

// Close leaves the cursor to be closed with the connection's next query.
func (r *cursorRows) Close() error {
	if r.name != "" {
		r.conn.cursors.closing = append(r.conn.cursors.closing, r.name)
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
				return nil, fmt.Errorf("argument %d: a %T cannot be sent to a cursor", i+1, v)
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

package postgres

import (
	"context"
	"database/sql/driver"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// The store writes its statements once, with SQLite's placeholders: ? and
// ?NNN, where a statement need not use every argument it is given and may
// use one twice. PostgreSQL numbers its parameters $1, $2, … and wants
// exactly the arguments it uses. The connections of this engine translate
// on the way through: each ?NNN (a bare ? is the next number after the
// highest so far) becomes $k, k counting the distinct numbers used in
// ascending order, and the arguments are picked to match. Statements
// written with $N already (this engine's own) go through untouched.

// rebound is a statement translated, and for each of its parameters the
// argument (1-based) it takes; reads says it is a query a portal can run.
type rebound struct {
	sql   string
	args  []int
	reads bool
}

var rebinds sync.Map // statement text -> *rebound

// rebind translates a statement; it is pure, so its answers are kept.
func rebind(query string) *rebound {
	if r, ok := rebinds.Load(query); ok {
		return r.(*rebound)
	}
	r := translate(query)
	rebinds.Store(query, r)
	return r
}

func translate(query string) *rebound {
	r := translateMarks(query)
	head := strings.ToUpper(strings.TrimLeft(r.sql, " \t\n("))
	r.reads = strings.HasPrefix(head, "SELECT") || strings.HasPrefix(head, "WITH") || strings.HasPrefix(head, "VALUES")
	return r
}

func translateMarks(query string) *rebound {
	type mark struct{ at, end, n int }
	var marks []mark
	highest := 0
	for i := 0; i < len(query); i++ {
		switch c := query[i]; {
		case c == '\'' || c == '"':
			i = skipQuoted(query, i, c)
		case c == '-' && strings.HasPrefix(query[i:], "--"):
			i = skipTo(query, i, "\n")
		case c == '/' && strings.HasPrefix(query[i:], "/*"):
			i = skipTo(query, i+2, "*/") + 1
		case c == '$':
			i = skipDollarQuoted(query, i)
		case c == '?':
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			n := highest + 1
			if j > i+1 {
				n, _ = strconv.Atoi(query[i+1 : j])
			}
			highest = max(highest, n)
			marks = append(marks, mark{i, j, n})
			i = j - 1
		}
	}
	if len(marks) == 0 {
		return &rebound{sql: query}
	}
	used := make([]bool, highest+1)
	for _, m := range marks {
		used[m.n] = true
	}
	position := make([]int, highest+1)
	r := &rebound{}
	for n := 1; n <= highest; n++ {
		if used[n] {
			r.args = append(r.args, n)
			position[n] = len(r.args)
		}
	}
	var b strings.Builder
	last := 0
	for _, m := range marks {
		b.WriteString(query[last:m.at])
		b.WriteString("$" + strconv.Itoa(position[m.n]))
		last = m.end
	}
	b.WriteString(query[last:])
	r.sql = b.String()
	return r
}

// skipQuoted returns the index of the quote closing the one at i (” and
// "" inside are the quote itself).
func skipQuoted(s string, i int, q byte) int {
	for j := i + 1; j < len(s); j++ {
		if s[j] == q {
			if j+1 < len(s) && s[j+1] == q {
				j++
				continue
			}
			return j
		}
	}
	return len(s)
}

func skipTo(s string, i int, end string) int {
	if k := strings.Index(s[i:], end); k >= 0 {
		return i + k + len(end) - 1
	}
	return len(s)
}

// skipDollarQuoted steps over a $tag$…$tag$ string starting at i, or
// over a $N parameter.
func skipDollarQuoted(s string, i int) int {
	j := i + 1
	for j < len(s) && (s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || j > i+1 && s[j] >= '0' && s[j] <= '9') {
		j++
	}
	if j >= len(s) || s[j] != '$' {
		return i
	}
	tag := s[i : j+1]
	if k := strings.Index(s[j+1:], tag); k >= 0 {
		return j + 1 + k + len(tag) - 1
	}
	return len(s)
}

// pick is the arguments of a translated statement.
func (r *rebound) pick(args []driver.NamedValue) []driver.NamedValue {
	if r.args == nil {
		return args
	}
	out := make([]driver.NamedValue, len(r.args))
	for k, n := range r.args {
		out[k] = driver.NamedValue{Ordinal: k + 1}
		if n <= len(args) {
			out[k].Value = args[n-1].Value
		}
	}
	return out
}

// connector makes the pool's connections, each translating statements.
type connector struct{ inner driver.Connector }

func (c connector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, connectFailed(ctx, err)
	}
	return &rebindConn{Conn: conn.(*stdlib.Conn), connector: c.inner}, nil
}

func (c connector) Driver() driver.Driver { return c.inner.Driver() }

// rebindConn is one connection of the pool; it hands everything to pgx's
// database/sql connection but the statements' text and arguments, and the
// queries of a transaction, which it runs in portals of statements it
// keeps prepared (portal.go).
type rebindConn struct {
	*stdlib.Conn
	connector  driver.Connector // pgx's, to connect again (readtx.go)
	portals    portalNames
	prepared   map[string]*pgconn.StatementDescription // by the query's text
	statements int                                     // prepared so far, to name the next
	reading                                            // a read's BEGIN and end, sent with other messages (readtx.go)
}

func (c *rebindConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	// pgx prepares and keeps each statement on first use anyway (its
	// statement cache), so a prepared statement here is only its text.
	return &reboundStmt{conn: c, r: rebind(query)}, nil
}

func (c *rebindConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *rebindConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if err := c.ready(ctx); err != nil {
		return nil, err
	}
	r := rebind(query)
	return c.Conn.ExecContext(ctx, r.sql, r.pick(args))
}

func (c *rebindConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.query(ctx, rebind(query), args)
}

// query runs a translated query: in a portal inside a transaction,
// where the store may read several at once, else as it is.
func (c *rebindConn) query(ctx context.Context, r *rebound, args []driver.NamedValue) (driver.Rows, error) {
	if r.reads && c.begin != "" {
		return c.portal(ctx, r.sql, r.pick(args))
	}
	// Settled first: until the last read's end is answered the connection
	// still looks inside a transaction.
	if err := c.ready(ctx); err != nil {
		return nil, err
	}
	if r.reads && c.Conn.Conn().PgConn().TxStatus() == 'T' {
		return c.portal(ctx, r.sql, r.pick(args))
	}
	rows, err := c.Conn.QueryContext(ctx, r.sql, r.pick(args))
	if r.reads {
		err = c.retryable(err)
	}
	return rows, err
}

// BeginTx begins a transaction with no portals open: a read's with its
// first query (readtx.go), any other at once.
func (c *rebindConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	c.portals = portalNames{}
	if opts.ReadOnly {
		return c.beginRead(opts)
	}
	if err := c.ready(ctx); err != nil {
		return nil, err
	}
	tx, err := c.Conn.BeginTx(ctx, opts)
	return tx, c.retryable(err)
}

// retryable tells database/sql to try again on another connection
// (driver.ErrBadConn) when this one turns out to be gone (the server
// restarted, or ended it) outside a transaction: what failed was a read or
// a BEGIN, which changed nothing. A write, or anything inside a
// transaction, is not tried again: the transaction is lost, and the store
// says so.
func (c *rebindConn) retryable(err error) error {
	if err != nil && lost(err) && c.Conn.Conn().PgConn().TxStatus() != 'T' && c.Conn.Conn().PgConn().TxStatus() != 'E' {
		return driver.ErrBadConn
	}
	return err
}

type reboundStmt struct {
	conn *rebindConn
	r    *rebound
}

func (s *reboundStmt) Close() error { return nil }

// NumInput is unknown (-1): a statement may be given more arguments than
// it uses.
func (s *reboundStmt) NumInput() int { return -1 }

func (s *reboundStmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(args))
}

func (s *reboundStmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(args))
}

func (s *reboundStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if err := s.conn.ready(ctx); err != nil {
		return nil, err
	}
	return s.conn.Conn.ExecContext(ctx, s.r.sql, s.r.pick(args))
}

func (s *reboundStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.conn.query(ctx, s.r, args)
}

func named(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, v := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

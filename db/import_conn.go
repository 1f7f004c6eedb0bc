package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strconv"
)

// BeginImport begins a write transaction on a connection of its own that keeps
// statement journals in memory (temp_store MEMORY). An INSERT of many rows
// needs a statement journal so a failure can undo just that statement;
// written to temporary files, those journals were a quarter of a large
// import's time. They stay small: one statement's pages. done (after
// Commit or Rollback) gives the connection back to the pool as it was.
//
// A larger page cache (cache_size) was measured too and left out: at a
// million events it changed the import by under 5% and tripled its memory.
func (s *sqliteFile) BeginImport(ctx context.Context) (tx *sql.Tx, done func(), err error) {
	if err := s.refuseWrites(); err != nil {
		return nil, nil, err
	}
	conn, err := s.sql.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	var before int64
	if err := conn.QueryRowContext(ctx, "PRAGMA temp_store").Scan(&before); err != nil {
		conn.Close()
		return nil, nil, err
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA temp_store = MEMORY"); err != nil {
		conn.Close()
		return nil, nil, err
	}
	done = func() {
		// A connection that cannot be put back as it was is not reused.
		if _, err := conn.ExecContext(context.Background(), "PRAGMA temp_store = "+strconv.FormatInt(before, 10)); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}
	if tx, err = s.waitTurn(ctx, func() (*sql.Tx, error) { return conn.BeginTx(ctx, nil) }); err != nil {
		done()
		return nil, nil, err
	}
	return tx, done, nil
}

package sqliteread

import sqlite3 "modernc.org/sqlite/lib"

// The storage classes a column of a row can hold (Type).
const (
	Integer = sqlite3.SQLITE_INTEGER
	Float   = sqlite3.SQLITE_FLOAT
	Text    = sqlite3.SQLITE_TEXT
	Blob    = sqlite3.SQLITE_BLOB
	Null    = sqlite3.SQLITE_NULL
)

// Type is the storage class of column col of the current row: Integer,
// Float, Text, Blob or Null. Ask it before Int64, Bytes or Text, which
// convert: a reader that must read a value exactly as database/sql would
// scan it can tell from it which values it converts alike.
func (s *Stmt) Type(col int) int {
	if s.stmt == 0 || s.c.db == 0 {
		return Null
	}
	return int(sqlite3.Xsqlite3_column_type(s.c.tls, s.stmt, int32(col)))
}

// Float64 is column col of the current row as a floating-point number.
func (s *Stmt) Float64(col int) float64 {
	if s.stmt == 0 || s.c.db == 0 {
		return 0
	}
	return sqlite3.Xsqlite3_column_double(s.c.tls, s.stmt, int32(col))
}

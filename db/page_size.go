package db

import (
	"database/sql"
	"fmt"
	"net/url"
	"strconv"
)

// pageSize is the page size of every database signoff creates: 16 KiB,
// not SQLite's 4 KiB. The pure-Go SQLite reads and writes a page a system
// call at a time, so at a million events a quarter of an import's and of
// a verify's time was spent in those calls and in the B-trees' depth; with
// 16 KiB pages the 1M import took about a tenth less and verify a fifth
// less (BENCHMARKS.md, "16 KiB pages"). 32 KiB was no better, 64 KiB much
// worse. A database keeps the page size it was made with.
const pageSize = 16384

// formatFresh gives the empty file at path, just created, its page size
// and its WAL journal before anything else opens it. The store's own
// connections cannot: the driver runs their pragmas in name order, and
// journal_mode, which fixes the page size by writing the first page,
// comes before page_size.
func formatFresh(path string) error {
	u := url.URL{Scheme: "file", OmitHost: true, Path: path,
		RawQuery: url.Values{"_pragma": {"page_size(" + strconv.Itoa(pageSize) + ")"}}.Encode()}
	fresh, err := sql.Open("sqlite", u.String())
	if err != nil {
		return internal(err)
	}
	defer fresh.Close()
	var mode string
	if err := fresh.QueryRow("PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
		return internal(err)
	}
	if mode != "wal" {
		return internal(fmt.Errorf("the new database %s took journal mode %q, not wal", path, mode))
	}
	return fresh.Close()
}

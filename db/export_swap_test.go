package db

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// Two rows of a section pointed at two other entries of the incident
// whose seqs add up to theirs: the section's count and seq sum stay the
// chain's, every record written is an intact entry of the incident, and
// the lists' way wrote a whole document holding, say, a person and an
// asset among the agents (review F1). Each record written must be an
// entry of its section's kind.
func TestAnExportByTheListsStopsAtARecordOfAnotherSection(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		inTurnsINC9(t, d)
		table, from, to := sameSumOtherKinds(t, d)
		tamper(t, d.Address(),
			fmt.Sprintf("UPDATE %s SET seq = %d WHERE seq = %d", table, to[0], from[0]),
			fmt.Sprintf("UPDATE %s SET seq = %d WHERE seq = %d", table, to[1], from[1]))
		var got bytes.Buffer
		err := d.Export(context.Background(), "INC-9", &got)
		if model.ErrorCode(err) != model.ETAMPERED || !strings.Contains(err.Error(), fmt.Sprintf("entry %d", to[0])) {
			t.Errorf("the export with %s %v pointed at entries %v returned %v", table, from, to, err)
		}
		if strings.HasSuffix(got.String(), "}\n") {
			t.Error("the export wrote a whole document")
		}
	})
}

// sameSumOtherKinds finds two rows of one of INC-9's sections (its table,
// their seqs) and two entries of INC-9 of other kinds, in no row of that
// table, whose seqs add up to the rows'.
func sameSumOtherKinds(t *testing.T, d *DB) (string, [2]int64, [2]int64) {
	t.Helper()
	ctx := context.Background()
	seqs := func(q string) map[int64]string {
		rows, err := d.sql.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		m := map[int64]string{}
		for rows.Next() {
			var seq int64
			var kind string
			if err := rows.Scan(&seq, &kind); err != nil {
				t.Fatal(err)
			}
			m[seq] = kind
		}
		return m
	}
	entries := seqs("SELECT seq, kind FROM chain WHERE incident = 'INC-9'")
	sorted := slices.Sorted(maps.Keys(entries))
	const inc9 = "(SELECT seq FROM incidents WHERE id = 'INC-9')"
	for _, table := range []string{"agents", "people", "assets", "reviews", "events"} {
		taken := seqs("SELECT seq, '' FROM " + table) // its key: no two rows share a seq
		rows := seqs("SELECT seq, '' FROM " + table + " WHERE inc = " + inc9)
		if table == "events" {
			rows = seqs("SELECT seq, '' FROM events WHERE inc = " + inc9 + " AND kind <> 'evidence'")
		}
		own := slices.Sorted(maps.Keys(rows))
		for i, a := range own {
			for _, b := range own[i+1:] {
				for _, x := range sorted {
					y := a + b - x
					ky, ok := entries[y]
					_, xTaken := taken[x]
					_, yTaken := taken[y]
					other := func(k string) bool {
						return k != entries[a] && k != "incident" && sectionOf(k) != sectionOf(entries[a])
					}
					if ok && x < y && !xTaken && !yTaken && other(entries[x]) && other(ky) {
						return table, [2]int64{a, b}, [2]int64{x, y}
					}
				}
			}
		}
	}
	t.Fatal("no two rows of a section whose seqs two other entries of INC-9 add up to")
	return "", [2]int64{}, [2]int64{}
}

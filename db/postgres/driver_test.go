package postgres

import (
	"database/sql/driver"
	"reflect"
	"testing"
)

// The store's statements keep SQLite's placeholders; each connection
// translates them and picks the arguments each statement uses, as SQLite
// binds them.
func TestRebindTranslatesSQLitePlaceholders(t *testing.T) {
	cases := []struct {
		name, query, want string
		args              []int
	}{
		{"numbered, reused and skipped", "SELECT ?1, ?4, ?1", "SELECT $1, $2, $1", []int{1, 4}},
		{"bare ones count on from the highest", "WHERE a = ?3 AND b = ? AND c = ?", "WHERE a = $1 AND b = $2 AND c = $3", []int{3, 4, 5}},
		{"quoted text and comments are left alone", "SELECT '?1', \"?\" -- ?2\n, ?2 /* ?9 */", "SELECT '?1', \"?\" -- ?2\n, $1 /* ?9 */", []int{2}},
		{"a dollar-quoted body is left alone", "DO $x$ SELECT ?1 $x$; SELECT ?1", "DO $x$ SELECT ?1 $x$; SELECT $1", []int{1}},
		{"PostgreSQL's own statements pass as they are", "SELECT $1, $2", "SELECT $1, $2", nil},
		{"doubled quotes stay inside the string", "SELECT 'it''s ?1', ?2", "SELECT 'it''s ?1', $1", []int{2}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := translate(c.query)
			if r.sql != c.want || !reflect.DeepEqual(r.args, c.args) {
				t.Errorf("got %q %v; want %q %v", r.sql, r.args, c.want, c.args)
			}
		})
	}
}

func TestRebindPicksTheArgumentsAStatementUses(t *testing.T) {
	r := translate("SELECT ?3, ?1")
	args := []driver.NamedValue{{Ordinal: 1, Value: "a"}, {Ordinal: 2, Value: "b"}, {Ordinal: 3, Value: "c"}, {Ordinal: 4, Value: "d"}}
	got := r.pick(args)
	if len(got) != 2 || got[0].Value != "a" || got[1].Value != "c" || got[0].Ordinal != 1 || got[1].Ordinal != 2 {
		t.Errorf("picked %+v; want a as $1 and c as $2", got)
	}
}

func TestOnlyQueriesRunAsCursors(t *testing.T) {
	for query, reads := range map[string]bool{
		"SELECT 1": true, "  (SELECT 1)": true, "WITH x AS (SELECT 1) SELECT * FROM x": true, "VALUES (1)": true,
		"INSERT INTO t VALUES (1) RETURNING id": false, "UPDATE t SET a = 1": false,
	} {
		if got := translate(query).reads; got != reads {
			t.Errorf("%q reads: %v, want %v", query, got, reads)
		}
	}
}

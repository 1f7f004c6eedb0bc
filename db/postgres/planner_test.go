package postgres_test

import (
	"context"
	"testing"

	"github.com/signoff/signoff/db/postgres"
)

// The store's reads run as cursors it reads to the end, so the planner is
// told to plan them for every row (cursor_tuple_fraction 1), unless the
// address says otherwise.
func TestCursorsArePlannedForEveryRow(t *testing.T) {
	admin := server(t)
	exec(t, admin, "DROP SCHEMA IF EXISTS signoff_planner CASCADE", "CREATE SCHEMA signoff_planner")
	t.Cleanup(func() { admin.Exec("DROP SCHEMA signoff_planner CASCADE") })
	address := as(t, userOf(t), "signoff_planner")
	for _, c := range []struct{ name, address, want string }{
		{"by default", address, "1"},
		{"unless the address sets it", address + "&cursor_tuple_fraction=0.5", "0.5"},
		{"or sets it among the options", address + "&options=--cursor_tuple_fraction%3D0.25", "0.25"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, err := postgres.Open(context.Background(), c.address)
			if err != nil {
				t.Fatal(err)
			}
			defer e.Close()
			var got string
			if err := e.DB().QueryRow("SHOW cursor_tuple_fraction").Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("cursor_tuple_fraction %s, want %s", got, c.want)
			}
		})
	}
}

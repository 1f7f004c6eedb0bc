package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/db"
)

// On a server too, the triggers are the record's first guard, and their
// owner (the schema's owner, or a superuser) can lift one: disabled and
// left so, dropped, replaced by a function that refuses nothing, or
// joined by one of their own. Every entry still verifies; verify names
// the trigger or function, and says nothing once it is put back.
func TestVerifyFindsTheServersTriggersChanged(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name, change, undo, want string
	}{
		{"a disabled trigger", "ALTER TABLE events DISABLE TRIGGER events_no_update", "ALTER TABLE events ENABLE TRIGGER events_no_update",
			"trigger events_no_update: it is disabled"},
		{"a trigger fired only for replication", "ALTER TABLE chain ENABLE REPLICA TRIGGER chain_no_delete", "ALTER TABLE chain ENABLE TRIGGER chain_no_delete",
			"trigger chain_no_delete: it is disabled"},
		{"a dropped trigger", "DROP TRIGGER reviews_no_delete ON reviews",
			"CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews FOR EACH ROW EXECUTE FUNCTION signoff_append_only('review verdicts are append-only: they cannot be deleted')",
			"trigger reviews_no_delete: it is missing"},
		{"a function that refuses nothing", "CREATE OR REPLACE FUNCTION signoff_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$", "",
			"function signoff_append_only: it is not the one signoff made"},
		{"a trigger signoff never made", "CREATE TRIGGER quiet AFTER INSERT ON reviews FOR EACH STATEMENT EXECUTE FUNCTION signoff_notify()", "DROP TRIGGER quiet ON reviews",
			"trigger quiet: signoff did not make it"},
	} {
		t.Run(c.name+" is a fault", func(t *testing.T) {
			owner, _, schema := roles(t)
			d, err := db.Open(ctx, as(t, owner, schema))
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			importFixture(t, d, "inc-2046-mcp-token-open-queue.json")
			admin := server(t)
			exec(t, admin, "SET search_path = "+schema, c.change, "SET search_path = public")
			res, err := d.Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if res.Intact || !strings.Contains(res.String(), c.want) {
				t.Errorf("verify says %q; want a fault containing %q", res.String(), c.want)
			}
			if c.undo == "" {
				return
			}
			exec(t, admin, "SET search_path = "+schema, c.undo, "SET search_path = public")
			if res, err := d.Verify(ctx); err != nil || !res.Intact {
				t.Errorf("put back, verify says %s, %v", res, err)
			}
		})
	}
}

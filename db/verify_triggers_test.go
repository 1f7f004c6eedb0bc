package db

import (
	"context"
	"strings"
	"testing"
)

// The triggers refusing UPDATE and DELETE are the record's first guard.
// One dropped (and left so), replaced by one that refuses nothing, or
// joined by one of an insider's own is a schema signoff did not make:
// verify names the trigger, though every entry still verifies.
func TestVerifyFindsTheSchemasTriggersChanged(t *testing.T) {
	cases := []struct {
		name, stmt, want string
	}{
		{"a dropped trigger", "DROP TRIGGER events_no_update",
			"trigger events_no_update: it is missing"},
		{"a trigger replaced by one that refuses nothing", "DROP TRIGGER chain_no_delete; CREATE TRIGGER chain_no_delete BEFORE DELETE ON chain WHEN 0 BEGIN SELECT 1; END",
			"trigger chain_no_delete: it is not the one signoff made"},
		{"a trigger signoff never made", "CREATE TRIGGER quiet AFTER INSERT ON reviews BEGIN DELETE FROM pending_items; END",
			"trigger quiet: signoff did not make it"},
	}
	for _, c := range cases {
		t.Run(c.name+" is a fault", func(t *testing.T) {
			d := openTest(t)
			importDoc(t, d, sampleDoc())
			db := rawDB(t, d.Address())
			if _, err := db.Exec(c.stmt); err != nil {
				t.Fatal(err)
			}
			db.Close()
			res, err := d.Verify(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if res.Intact || !strings.Contains(res.String(), c.want) {
				t.Errorf("verify says %q; want a fault containing %q", res.String(), c.want)
			}
		})
	}
}

// An entry edited once its trigger was dropped is the first fault named:
// the trigger left dropped follows it.
func TestAnEditOutranksTheTriggerDroppedForIt(t *testing.T) {
	d := openTest(t)
	importDoc(t, d, sampleDoc())
	db := rawDB(t, d.Address())
	if _, err := db.Exec("DROP TRIGGER chain_no_update; UPDATE chain SET payload = replace(payload, 'gist removed', 'nothing to see') WHERE subject = 'N1'"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	res, err := d.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Intact || !strings.Contains(res.Fault.String(), "(events N1): its contents do not match its hash") || res.Count != 2 ||
		!strings.Contains(res.Faults[1].String(), "trigger chain_no_update: it is missing") {
		t.Errorf("verify found %d: %q", res.Count, res.Faults)
	}
}

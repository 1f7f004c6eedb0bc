package main

import (
	"bytes"
	"context"
	"testing"
)

// roleNotes is a store that has something to say of the role it connects
// as, as a PostgreSQL one does (db/postgres/guards_test.go runs the real
// ones).
type roleNotes struct {
	database
	guards, rights string
}

func (r roleNotes) LiftableGuards(context.Context) (string, error) { return r.guards, nil }
func (r roleNotes) ExcessRights(context.Context) (string, error)   { return r.rights, nil }

// verify says both what the role could lift and what rights it holds
// beyond the grants, each on a line of its own, made safe for a terminal.
func TestVerifySaysTheRolesExcessRights(t *testing.T) {
	var out bytes.Buffer
	a := &app{stdout: &out}
	if err := a.sayLiftableGuards(context.Background(), roleNotes{rights: "warning: the role signoff_app holds UPDATE on chain\x1b[2J"}); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "warning: the role signoff_app holds UPDATE on chain␛[2J\n"; got != want {
		t.Errorf("verify said %q; want %q", got, want)
	}
	out.Reset()
	if err := a.sayLiftableGuards(context.Background(), roleNotes{}); err != nil || out.Len() != 0 {
		t.Errorf("of a role with nothing to say: %q, %v", out.String(), err)
	}
}

package postgres

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// A password holding an unencoded @ is cut there by the driver, and the
// rest taken for the host: it must be refused before any lookup, and
// never appear in what signoff says.
func TestAPasswordWithABareAtIsRefusedUnshown(t *testing.T) {
	_, err := Open(context.Background(), "postgres://signoff_app:SECRET@TAIL@127.0.0.1:1/signoff?sslmode=disable")
	if model.ErrorCode(err) != model.EINVALID {
		t.Errorf("got %v (%s); want a sentence saying the address is wrong", err, model.ErrorCode(err))
	}
	if err != nil && (strings.Contains(err.Error(), "SECRET") || strings.Contains(err.Error(), "TAIL")) {
		t.Errorf("the password shows in %q", err)
	}
}

func TestAnAtOnlyInTheQueryOrPathIsNotStray(t *testing.T) {
	for _, a := range []string{
		"postgres://u:pw@db.example.org/signoff?application_name=a@b",
		"postgres://u@db.example.org/sign@off",
		"postgres://db.example.org/signoff?user=me@corp",
		"postgres://u:p%40w@db.example.org/signoff",
	} {
		if strayAt(a) {
			t.Errorf("%s is taken for an address with a stray @", a)
		}
	}
}

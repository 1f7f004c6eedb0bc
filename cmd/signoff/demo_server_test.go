package main

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/signoff/signoff/db/dbtest"
	"github.com/signoff/signoff/model"
)

// $SIGNOFF_DB naming a PostgreSQL server has no folder to put demo.db
// beside: demo took the URL for a path and made "postgres:/…/demo.db"
// under the working directory. It is refused, naming the server without
// its credentials and the way to give the samples a file.
func TestDemoWithAServerInSIGNOFF_DBIsRefusedSayingHowToGiveItAFile(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	t.Setenv("SIGNOFF_DB", "postgres://signoff_app:SECRET@db.example.org:5433/signoff?sslmode=disable")
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"demo", "--no-open"}, strings.NewReader(""), &out, &errb)
	if code != 2 {
		t.Errorf("exit %d; want 2, a refusal", code)
	}
	for _, want := range []string{"db.example.org:5433/signoff", "a file of their own", "signoff --db ", "demo.db demo"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr %q does not say %q", errb.String(), want)
		}
	}
	if strings.Contains(errb.String(), "SECRET") || strings.Contains(errb.String(), "signoff_app") {
		t.Errorf("stderr %q shows the address's credentials", errb.String())
	}
	if left, _ := os.ReadDir("."); len(left) != 0 {
		t.Errorf("demo left %s in the working directory", left[0].Name())
	}
}

// --db naming a record that holds other incidents (a team's, file or
// server) does not get the samples mixed into it.
func TestDemoIntoARecordHoldingOtherIncidentsIsRefused(t *testing.T) {
	path := tempDB(t)
	stream := `{"record": "incident", "format": "signoff.incident/v1", "id": "INC-7", "title": "t", "severity": "sev3", "status": "open", "opened_at": "2026-02-12T08:00:00Z", "commander": "ana"}
{"record": "person", "id": "ana", "name": "Ana", "authority": "high"}
`
	if r := signoff(t, path, stream, "import", "-"); r.code != 0 {
		t.Fatalf("import: exit %d: %s", r.code, r.stderr)
	}
	r := signoff(t, path, "", "demo", "--no-open")
	if r.code != 2 || !strings.Contains(r.stderr, `incidents other than the bundled samples ("INC-7", and 1 in all)`) {
		t.Errorf("demo: exit %d, %q; want a refusal naming INC-7", r.code, r.stderr)
	}
	if r := signoff(t, path, "", "incidents", "--json"); r.code != 0 || !strings.Contains(r.stdout, "INC-7") || strings.Contains(r.stdout, "INC-2041") {
		t.Errorf("after the refusal the record lists %s (exit %d); want INC-7 alone", r.stdout, r.code)
	}
}

// An incident not found on a server is named with the server's host and
// database, never the address's password; a bundled sample's id points to
// a demo file of its own.
func TestAnIncidentNotFoundOnAServerNamesItWithoutCredentials(t *testing.T) {
	t.Setenv("SIGNOFF_DB", "postgres://signoff_app:SECRET@db.example.org/signoff")
	a := &app{}
	got := a.explain(&model.Error{Code: model.ENOTFOUND, Message: noIncident + "INC-2041" + inTheDatabase})
	if strings.Contains(got, "SECRET") || !strings.Contains(got, "on the PostgreSQL server db.example.org/signoff") || !strings.Contains(got, `"signoff --db FILE demo"`) {
		t.Errorf("got %q", got)
	}
}

// --db naming a server's empty record takes the samples (once), and what
// demo prints names the server without the address's password.
func TestDemoIntoAServersOwnRecordLoadsOnceAndHidesThePassword(t *testing.T) {
	if os.Getenv("SIGNOFF_TEST_POSTGRES") == "" {
		t.Skip("set SIGNOFF_TEST_POSTGRES to run it (.ci/postgres starts a server)")
	}
	u, err := url.Parse(dbtest.FreshSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), "SECRETPW") // the test server trusts every login
	address := u.String()
	for i, want := range []string{"6 sample incidents loaded now, 0 already there", "0 sample incidents loaded now, 6 already there"} {
		r := signoff(t, address, "", "demo", "--no-open")
		if r.code != 0 || !strings.Contains(r.stdout, want) || strings.Contains(r.stdout+r.stderr, "SECRETPW") {
			t.Errorf("demo %d: exit %d, %q %q; want %q, and no password", i+1, r.code, r.stdout, r.stderr, want)
		}
	}
}

package main

import (
	"database/sql"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// brokenDB is a signoff database whose incident counts table is gone, so
// listing incidents fails inside the driver.
func brokenDB(t *testing.T) string {
	t.Helper()
	path := tempDB(t)
	if r := signoff(t, path, "", "init"); r.code != 0 {
		t.Fatalf("init: exit %d: %s", r.code, r.stderr)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec("DROP TABLE incident_counts"); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAnInternalErrorSaysSoAndShowsTheDetailOnlyWithDebug(t *testing.T) {
	path := brokenDB(t)
	r := signoff(t, path, "", "incidents")
	if r.code != exitUsage || r.stderr != "signoff: "+model.InternalMessage+"\n" {
		t.Errorf("exit %d, stderr %q; want exit %d and only the internal-error sentence", r.code, r.stderr, exitUsage)
	}
	r = signoff(t, path, "", "--debug", "incidents")
	if !strings.HasPrefix(r.stderr, "signoff: internal error: ") || !strings.Contains(r.stderr, "no such table: incident_counts") {
		t.Errorf("with --debug stderr is %q; want the internal error with the driver's text", r.stderr)
	}
	// import reports each refused file itself, in the same words.
	r = signoff(t, path, "", "import", "../../fixtures/incidents/inc-2041-ide-extension-token-theft.json")
	if first, _, _ := strings.Cut(r.stderr, "\n"); first != "signoff: "+model.InternalMessage {
		t.Errorf("a file refused by an internal error is reported as %q", first)
	}
}

func TestCobrasRefusalsOfTheCommandLineAreShownAsTheyAre(t *testing.T) {
	path := tempDB(t)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"an unknown command", []string{"frobnicate"}, `signoff: unknown command "frobnicate" for "signoff"`},
		{"a missing required flag", []string{"annotate", "INC-1/S1"}, "signoff: annotate needs --verdict (see \"signoff annotate --help\")\n"},
		{"missing required flags", []string{"gate"}, "signoff: gate needs --agent, --from and --incident (see \"signoff gate --help\")\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := signoff(t, path, "", c.args...)
			if r.code != exitUsage || !strings.HasPrefix(r.stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", r.code, r.stderr, exitUsage, c.want)
			}
		})
	}
}

// A command line with the wrong arguments is told what the command takes,
// in its own usage line, not counted at in cobra's words.
func TestWrongArgumentsAreToldTheUsage(t *testing.T) {
	path := tempDB(t)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"none where one is needed", []string{"export"},
			"signoff: export needs INCIDENT (usage: signoff export INCIDENT [flags])\n"},
		{"two where one is taken", []string{"findings", "A", "B"},
			"signoff: findings takes INCIDENT, and was given 2 arguments: \"A\" \"B\" (usage: signoff findings INCIDENT [flags])\n"},
		{"none where files are needed", []string{"import"},
			"signoff: import needs FILE... (usage: signoff import FILE... [flags])\n"},
		{"one where none is taken", []string{"incidents", "INC-1"},
			"signoff: incidents takes no argument, and was given 1 argument: \"INC-1\" (usage: signoff incidents [flags])\n"},
		{"three where at most two are taken", []string{"status", "INC-1", "closed", "now"},
			"signoff: status takes INCIDENT [open|contained|resolved|closed], and was given 3 arguments: \"INC-1\" \"closed\" \"now\" (usage: signoff status INCIDENT [open|contained|resolved|closed] [flags])\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := signoff(t, path, "", c.args...)
			if r.code != exitUsage || r.stderr != c.want {
				t.Errorf("exit %d, stderr\n%q\nwant exit %d and\n%q", r.code, r.stderr, exitUsage, c.want)
			}
		})
	}
}

// A flag given a value of the wrong kind is told what to write, in words:
// pflag's text ended in Go's parser ('strconv.ParseInt: parsing "x":
// invalid syntax', 'time: missing unit in duration "3"').
func TestAFlagValueOfTheWrongKindIsSaidInWords(t *testing.T) {
	path := tempDB(t)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"decisions", "--since", "abc"}, `signoff: --since "abc" is not a whole number (see "signoff decisions --help")` + "\n"},
		{[]string{"gate", "--wait", "3"}, `signoff: --wait "3" is not a duration: write it with its unit, as 90s, 30m or 2h (see "signoff gate --help")` + "\n"},
		{[]string{"claim", "S1", "--for", "soon"}, `signoff: --for "soon" is not a duration: write it with its unit, as 90s, 30m or 2h (see "signoff claim --help")` + "\n"},
		{[]string{"incidents", "--json=maybe"}, `signoff: --json "maybe" is not true or false (see "signoff incidents --help")` + "\n"},
	}
	for _, c := range cases {
		r := signoff(t, path, "", c.args...)
		if r.code != exitUsage || r.stderr != c.want {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", c.args, r.code, r.stderr, exitUsage, c.want)
		}
	}
}

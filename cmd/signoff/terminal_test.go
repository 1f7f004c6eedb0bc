package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every full-screen start, run where standard input and output are not a
// terminal (these tests' buffers, a pipe, a CI job), names the command
// that prints text instead and exits 2, printing nothing on stdout.
func TestFullScreenCommandsWithoutATerminal(t *testing.T) {
	path := demoDB(t)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"review", "INC-2041"}, `"signoff report INC-2041" prints`},
		{[]string{"review"}, `"signoff incidents" lists the incidents`},
		{[]string{"queue"}, `"signoff pending" lists the pending suggestions, and "signoff approve ID", "signoff reject ID" or "signoff defer ID"`},
		{[]string{"--as", "alice", "train", "INC-2041"}, `"signoff train --results" prints`},
		{[]string{"metrics", "--tui"}, `"signoff metrics" prints the same numbers`},
		{[]string{"demo"}, `"signoff demo --no-open" loads the samples`},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " ")+" says what to run instead", func(t *testing.T) {
			r := signoff(t, path, "", c.args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, "needs a terminal") || !strings.Contains(r.stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 naming %s", r.code, r.stderr, c.want)
			}
			if r.stdout != "" || strings.Contains(r.stderr, "\x1b") || strings.Contains(r.stderr, "cancelreader") {
				t.Errorf("stdout %q, stderr %q: escape codes or a reader error leaked", r.stdout, r.stderr)
			}
		})
	}
}

func TestGenRefusesATerminal(t *testing.T) {
	path := tempDB(t)
	t.Run("onto a terminal it refuses and says how to ask for the stream", func(t *testing.T) {
		was := isTerminal
		isTerminal = func(any) bool { return true }
		defer func() { isTerminal = was }()
		r := signoff(t, path, "", "gen", "--events", "10")
		if r.code != exitUsage || r.stdout != "" || !strings.Contains(r.stderr, "give -o FILE") {
			t.Errorf("exit %d, stdout %d bytes, stderr %q", r.code, len(r.stdout), r.stderr)
		}
	})
	t.Run("-o FILE writes the stream there", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "g.ndjson")
		r := signoff(t, path, "", "gen", "--events", "10", "-o", file)
		b, err := os.ReadFile(file)
		if r.code != 0 || err != nil || !strings.HasPrefix(string(b), `{"record":"incident"`) || r.stdout != "" {
			t.Errorf("exit %d, %v, file starts %.40q, stdout %q", r.code, err, b, r.stdout)
		}
	})
	t.Run("to a pipe or a file it writes as before", func(t *testing.T) {
		r := signoff(t, path, "", "gen", "--events", "10")
		if r.code != 0 || !strings.HasPrefix(r.stdout, `{"record":"incident"`) {
			t.Errorf("exit %d, stdout %.40q", r.code, r.stdout)
		}
	})
}

func TestAnIncidentNotFoundSaysWhereItLooked(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_DATA_HOME", home)
	t.Setenv("SIGNOFF_DB", "")
	own := tempDB(t)
	if r := signoff(t, own, "", "init"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	demo := filepath.Join(home, "signoff", "demo.db")
	t.Run("a bundled sample's id points to the demo database", func(t *testing.T) {
		r := signoff(t, own, "", "report", "INC-2041")
		for _, want := range []string{"there is no incident INC-2041 in the database " + own, "bundled sample", "--db " + demo} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("stderr %q lacks %q", r.stderr, want)
			}
		}
		if r.code != exitUsage {
			t.Errorf("exit %d", r.code)
		}
	})
	t.Run("another id names the database and how to list what it holds", func(t *testing.T) {
		r := signoff(t, own, "", "findings", "INC-9999")
		if !strings.Contains(r.stderr, "there is no incident INC-9999 in the database "+own) || strings.Contains(r.stderr, "sample") {
			t.Errorf("stderr %q", r.stderr)
		}
	})
}

func TestAnnotateAgainstTheRecord(t *testing.T) {
	path := demoDB(t)
	// INC-2041 S4: alice approved the AI's action unchanged.
	r := signoff(t, path, "", "--as", "mara", "annotate", "INC-2041/S4", "--verdict", "ignored")
	if r.code != exitUsage || !strings.Contains(r.stderr, "ignored disagrees with the record of INC-2041/S4, which shows followed") ||
		!strings.Contains(r.stderr, "--note") {
		t.Errorf("without a note: exit %d, %q", r.code, r.stderr)
	}
	r = signoff(t, path, "", "--as", "mara", "annotate", "INC-2041/S4", "--verdict", "ignored", "--note", "the token was dead already")
	if r.code != 0 || !strings.Contains(r.stderr, "verdict-contradicts-record") {
		t.Errorf("with a note: exit %d, %q", r.code, r.stderr)
	}
	r = signoff(t, path, "", "--as", "mara", "annotate", "INC-2041/S5", "--verdict", "none", "--note", "no AI")
	if r.code != exitUsage || !strings.Contains(r.stderr, "cannot be none") {
		t.Errorf("none on an AI suggestion: exit %d, %q", r.code, r.stderr)
	}
}

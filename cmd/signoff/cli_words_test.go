package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The one-line items of a hostile review of the command line (finding
// 13): each sentence says what is so and what to do, in the words the
// other commands use.
func TestTheCommandLineSaysWhatIsSoAndWhatToDo(t *testing.T) {
	path := demoDB(t)
	truncated := filepath.Join(t.TempDir(), "trunc.db")
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(truncated, whole[:20000], 0o600)
	cases := []struct {
		name       string
		db         string
		args       []string
		code       int
		want, lack string
	}{
		{"copy onto itself finishes its sentence", "", []string{"copy", "--from", path, "--to", path}, 2,
			"copy between two different databases", ""},
		{"decisions refuses a negative seq", path, []string{"decisions", "--since", "-1"}, 2,
			"--since is -1; a seq is 0", ""},
		{"decisions past the last entry says so before any talk of a cut", path, []string{"decisions", "--since", "9999"}, 1,
			"--since 9999 is past the record's last entry, ", "The record was cut short"},
		{"verify of a damaged file says what to do", truncated, []string{"verify"}, 1,
			"restore it from a backup, then run signoff verify", ""},
		{"an empty --as is a usage error, not the OS user", path, []string{"--as", "", "defer", "INC-2046/S3", "--rationale", "later"}, 2,
			"--as is empty", "not a person"},
		{"an --as with a trailing space is quoted", path, []string{"--as", "alice ", "defer", "INC-2046/S3", "--rationale", "later"}, 2,
			`--as "alice " is not a person's id`, ""},
		{"shift names the shift's commands", path, []string{"shift"}, 2, "did you mean claim, handoff or status?", ""},
		{"decide names the three decisions", path, []string{"decide"}, 2, "did you mean approve, defer or reject?", ""},
		{"a command mistyped is suggested", path, []string{"verfy"}, 2, "did you mean verify?", ""},
		{"sign names the flag that signs", path, []string{"sign"}, 2, "--sign-key PATH", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := signoff(t, c.db, "", c.args...)
			if r.code != c.code || !strings.Contains(r.stderr, c.want) || (c.lack != "" && strings.Contains(r.stderr, c.lack)) {
				t.Errorf("exit %d, stderr %q; want exit %d saying %q", r.code, r.stderr, c.code, c.want)
			}
		})
	}
	t.Run("annotate prints its time as every other command does", func(t *testing.T) {
		r := signoff(t, path, "", "--as", "mara", "annotate", "INC-2046/S1", "--verdict", "proposed")
		if ok, _ := regexp.MatchString(`at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\n$`, r.stdout); r.code != 0 || !ok {
			t.Errorf("exit %d, %q %q; want the time in UTC as \"2006-01-02 15:04:05 UTC\"", r.code, r.stdout, r.stderr)
		}
	})
}

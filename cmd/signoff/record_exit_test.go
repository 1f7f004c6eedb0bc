package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A record that does not verify is a check that found a problem: exit 1
// (SPEC.md "Command line"), whichever command ran the check. checkpoint
// and copy said it with exit 2, the status of a usage error, where verify
// said 1 for the same record.
func TestARecordThatDoesNotVerifyExits1Everywhere(t *testing.T) {
	damaged := map[string]func(t *testing.T) string{
		"cut short since this machine checked it": func(t *testing.T) string {
			path := closedAndChecked(t)
			cutLast(t, path)
			return path
		},
		"edited in place": func(t *testing.T) string {
			path := demoDB(t)
			tamperDB(t, path, `UPDATE chain SET payload = replace(payload, 'Paged Alice', 'Paged Alicf') WHERE incident = 'INC-2041' AND subject = 'E2'`)
			return path
		},
	}
	for how, record := range damaged {
		for _, args := range [][]string{{"verify"}, {"checkpoint"}, {"copy"}} {
			t.Run(args[0]+" of a record "+how+" exits 1", func(t *testing.T) {
				path := record(t)
				if args[0] == "copy" {
					args = []string{"copy", "--from", path, "--to", filepath.Join(t.TempDir(), "copy.db")}
				}
				r := signoff(t, path, "", args...)
				if r.code != 1 || !strings.Contains(r.stderr, "the record was changed outside signoff") {
					t.Errorf("exit %d, %q; want 1, naming the fault", r.code, r.stderr)
				}
			})
		}
	}
}

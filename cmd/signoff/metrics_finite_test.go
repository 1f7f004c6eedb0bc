package main

import (
	"strings"
	"testing"
)

// Counts of suggestions with confidences from 0 to 1 give finite numbers
// only; an infinite sum comes from derived tables changed outside signoff.
// JSON cannot carry it, CSV wrote it as an empty field (which means
// "nothing to divide by") and the table as +Inf: metrics prints no numbers
// and says what is wrong, even when the check this machine remembers is
// recent and so does not compare the derived tables again.
func TestMetricsRefusesNumbersThatAreNotFinite(t *testing.T) {
	for _, remembered := range []bool{false, true} {
		for _, format := range []string{"json", "csv", "table"} {
			name := format + " with no check remembered"
			if remembered {
				name = format + " after a check was remembered"
			}
			t.Run(name, func(t *testing.T) {
				path := demoDB(t)
				if remembered {
					if r := signoff(t, path, "", "verify"); r.code != 0 {
						t.Fatalf("verify: exit %d: %s", r.code, r.stderr)
					}
				}
				tamperDB(t, path, "UPDATE suggestion_cells SET squared_error_sum = 9e999 WHERE scored > 0")
				r := signoff(t, path, "", "metrics", "--format", format)
				if r.code != 1 {
					t.Errorf("exit %d, want 1: %s", r.code, r.stderr)
				}
				if strings.Contains(r.stdout, "Inf") || strings.Contains(r.stdout, "brier") || strings.Contains(r.stdout, "BRIER") {
					t.Errorf("numbers were printed:\n%s", r.stdout)
				}
				if strings.Contains(r.stderr, "internal error") || !strings.Contains(r.stderr, "changed outside signoff") {
					t.Errorf("stderr does not say the record was changed: %q", r.stderr)
				}
			})
		}
	}
}

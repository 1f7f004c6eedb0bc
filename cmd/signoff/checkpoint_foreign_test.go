package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A checkpoint of another database, given by mistake, differed at every
// mark and was reported as a chain recomputed since it was taken: a file
// mix-up sent people into incident response (review finding 10).
func TestACheckpointOfAnotherRecordIsSaidToBeOne(t *testing.T) {
	demo := demoDB(t)
	cp := signoff(t, demo, "", "checkpoint")
	if cp.code != 0 {
		t.Fatal(cp.stderr)
	}
	file := filepath.Join(t.TempDir(), "demo-cp.txt")
	if err := os.WriteFile(file, []byte(cp.stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	other := tempDB(t)
	doc := filepath.Join("..", "..", "fixtures", "incidents", "inc-2041-ide-extension-token-theft.json")
	if r := signoff(t, other, "", "import", doc); r.code != 0 {
		t.Fatal(r.stderr)
	}
	for _, args := range [][]string{
		{"verify", "--checkpoint", file},
		{"export", "INC-2041", "--checkpoint", file},
	} {
		t.Run(args[0]+" says so and compares nothing", func(t *testing.T) {
			r := signoff(t, other, "", args...)
			if r.code != exitProblems || !strings.Contains(r.stderr, "this checkpoint is of another record") ||
				strings.Contains(r.stderr, "changed outside signoff") || strings.Contains(r.stderr, "recomputed since the checkpoint") {
				t.Errorf("exit %d, %q; want exit 1 saying the checkpoint is of another record, not that the chain was recomputed", r.code, r.stderr)
			}
		})
	}
	t.Run("the record it was taken of still holds it", func(t *testing.T) {
		if r := signoff(t, demo, "", "verify", "--checkpoint", file); r.code != 0 {
			t.Errorf("exit %d, %q", r.code, r.stderr)
		}
	})
	t.Run("a checkpoint written before it named its first entry still reads", func(t *testing.T) {
		old := filepath.Join(t.TempDir(), "old-cp.txt")
		text := regexp.MustCompile(`(?m)^first: .*\n`).ReplaceAllString(cp.stdout, "")
		if text == cp.stdout {
			t.Fatalf("the checkpoint names no first entry: %q", cp.stdout)
		}
		os.WriteFile(old, []byte(text), 0o600)
		if r := signoff(t, demo, "", "verify", "--checkpoint", old); r.code != 0 {
			t.Errorf("exit %d, %q", r.code, r.stderr)
		}
	})
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// verify and checkpoint check the file: one damaged, cut short, empty or
// no SQLite database at all is a failed check (exit 1) with the sentence
// that says so, never a usage error (2) nor the driver's words. The other
// commands keep refusing it as input (2).
func TestVerifyOfADamagedFileIsAFailedCheck(t *testing.T) {
	path := demoDB(t)
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Page 1 past its header holds the schema: garbage there leaves the
	// header whole, so only the driver meets the damage.
	malformed := append([]byte(nil), whole...)
	for i := 100; i < 4096; i++ {
		malformed[i] = byte(i * 7)
	}
	cases := []struct{ name, path, says string }{
		{"a truncated file", file("trunc.db", whole[:20000]), "is a truncated SQLite database"},
		{"a text file", file("notes.db", []byte("hello, this is not a database\n")), "is not a SQLite database"},
		{"an empty file", file("empty.db", nil), "is an empty file, not a signoff database"},
		{"a file whose schema page is overwritten", file("malformed.db", malformed), "is damaged"},
	}
	for _, c := range cases {
		for _, cmd := range []string{"verify", "checkpoint"} {
			t.Run(cmd+" of "+c.name, func(t *testing.T) {
				r := signoff(t, c.path, "", cmd)
				if r.code != 1 || !strings.Contains(r.stderr, c.says) || strings.Contains(r.stderr, "internal error") {
					t.Errorf("exit %d, stderr %q; want exit 1 saying %q", r.code, r.stderr, c.says)
				}
			})
		}
	}
	if r := signoff(t, cases[0].path, "", "incidents"); r.code != 2 {
		t.Errorf("incidents of a truncated file: exit %d, %q; want 2, a refusal of its input", r.code, r.stderr)
	}
}

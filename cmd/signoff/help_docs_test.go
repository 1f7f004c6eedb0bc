package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// signoff --help names every page of docs/ a user reads, so a page added
// there is also found from the command line. ARCHITECTURE.md and
// DECISIONS.md are for people reading the code.
func TestRootHelpNamesEveryUserPage(t *testing.T) {
	pages, err := filepath.Glob("../../docs/*.md")
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages in docs/: %v", err)
	}
	r := signoff(t, tempDB(t), "", "--help")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, p := range pages {
		name := filepath.Base(p)
		if name == "ARCHITECTURE.md" || name == "DECISIONS.md" {
			continue
		}
		if !strings.Contains(r.stdout, "docs/"+name) {
			t.Errorf("signoff --help does not name docs/%s", name)
		}
	}
}

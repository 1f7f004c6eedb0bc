package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/pflag"
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

// The README's table of commands has a row for every command, and each
// row names every flag of its command: a flag a user can only find by
// reading --help of each command is one the README hides.
func TestReadmeNamesEveryCommandAndFlag(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, line := range strings.Split(string(b), "\n") {
		if cells := strings.Split(line, " | "); strings.HasPrefix(line, "| `signoff ") && len(cells) > 1 {
			rows = append(rows, line)
		}
	}
	root := (&app{}).rootCommand()
	root.InitDefaultCompletionCmd()
	for _, cmd := range root.Commands() {
		if cmd.Hidden || cmd.Name() == "help" {
			continue
		}
		// A row is the command's when its first cell names it:
		// "`signoff approve ID` / `reject ID` / `defer ID`".
		named := regexp.MustCompile("`(signoff )?" + cmd.Name() + "[ `]")
		var row string
		for _, r := range rows {
			first, _, _ := strings.Cut(r[1:], " | ")
			if named.MatchString(first) {
				row = r
				break
			}
		}
		if row == "" {
			t.Errorf("README.md has no row for signoff %s", cmd.Name())
			continue
		}
		cmd.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) {
			if f.Hidden || f.Name == "help" {
				return
			}
			if !strings.Contains(row, "--"+f.Name) && (f.Shorthand == "" || !strings.Contains(row, "-"+f.Shorthand+" ")) {
				t.Errorf("README.md's row for signoff %s does not name --%s", cmd.Name(), f.Name)
			}
		})
	}
}

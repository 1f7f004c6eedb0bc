package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spf13/cobra"
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

// Every command's --help reads to its end: no line of its description runs
// past 80 columns (a sentence glued onto a line when it was edited), and
// every paragraph of prose ends a sentence. cobra's own completion commands are
// cobra's words, not ours.
func TestEveryHelpReadsToItsEnd(t *testing.T) {
	root := (&app{}).rootCommand()
	cmds := []*cobra.Command{root}
	for i := 0; i < len(cmds); i++ {
		cmds = append(cmds, cmds[i].Commands()...)
	}
	for _, cmd := range cmds {
		if cmd.Hidden || cmd.Name() == "help" || cmd.Name() == "completion" || (cmd.Parent() != nil && cmd.Parent().Name() == "completion") {
			continue
		}
		for _, para := range strings.Split(cmd.Long, "\n\n") {
			lines := strings.Split(strings.TrimRight(para, "\n"), "\n")
			for _, l := range lines {
				if n := utf8.RuneCountInString(l); n > 80 && !strings.HasPrefix(l, " ") {
					t.Errorf("signoff %s --help: a line of %d columns: %q", cmd.Name(), n, l)
				}
			}
			// An indented line is a table or an example, not prose.
			last := lines[len(lines)-1]
			if last != "" && !strings.HasPrefix(last, " ") && !strings.ContainsAny(last[len(last)-1:], ".:)}") {
				t.Errorf("signoff %s --help: a paragraph ends mid-sentence: %q", cmd.Name(), last)
			}
		}
	}
	// A row of metrics' column table is not a paragraph of its own: the
	// MISSED row once stopped at "ignored ones judged".
	metrics := strings.Join(strings.Fields((&app{}).metricsCommand().Long), " ")
	if !strings.Contains(metrics, "MISSED missed_value: ignored ones judged right ÷ ignored ones judged right or wrong") {
		t.Error("signoff metrics --help: the MISSED row does not read to its end (\"… right or wrong\")")
	}
}

// Package docs holds signoff's documentation; this test keeps its links,
// and the README's, inside the repository: a user's clone has nothing
// else.
package docs

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

var link = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// Code is what a page shows as text, never as a link: fenced blocks and
// inline code spans.
var code = regexp.MustCompile("(?s)(?m:^```.*?^```)|``[^`]*``|`[^`]*`")

// web is an address a renderer would make a link of: an inline link, an
// autolink (<https://…>), or a bare address, which GitHub links too.
var web = regexp.MustCompile(`(?i)\bhttps?://[^\s)>]*|\bwww\.[^\s)>]*`)

func TestEveryLinkStaysInTheRepository(t *testing.T) {
	pages, err := filepath.Glob("*.md")
	if err != nil {
		t.Fatal(err)
	}
	pages = append(pages, "../README.md", "../BENCHMARKS.md")
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, page := range pages {
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		prose := code.ReplaceAllString(string(b), "")
		for _, addr := range web.FindAllString(prose, -1) {
			t.Errorf("%s links %s, outside the repository", page, addr)
		}
		for _, m := range link.FindAllStringSubmatch(prose, -1) {
			target, fragment, _ := strings.Cut(m[1], "#")
			if web.MatchString(target) {
				continue
			}
			if target == "" {
				target = filepath.Base(page)
			}
			abs, err := filepath.Abs(filepath.Join(filepath.Dir(page), target))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(abs, root+string(filepath.Separator)) {
				t.Errorf("%s links %s, outside the repository", page, m[1])
				continue
			}
			if _, err := os.Stat(abs); err != nil {
				t.Errorf("%s links %s, which does not exist", page, m[1])
				continue
			}
			if fragment != "" && !headings(t, abs)[fragment] {
				t.Errorf("%s links %s, but %s has no heading #%s", page, m[1], target, fragment)
			}
		}
	}
}

// headings are the anchors a renderer gives a page's headings: lower
// case, spaces as hyphens, other punctuation dropped.
func headings(t *testing.T, page string) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	anchors := map[string]bool{}
	fenced := false
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
		}
		title, ok := strings.CutPrefix(strings.TrimLeft(line, "#"), " ")
		if fenced || !ok || !strings.HasPrefix(line, "#") {
			continue
		}
		var slug strings.Builder
		for _, r := range strings.ToLower(strings.TrimSpace(title)) {
			switch {
			case r == ' ' || r == '-':
				slug.WriteRune('-')
			case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				slug.WriteRune(r)
			}
		}
		anchors[slug.String()] = true
	}
	return anchors
}

// codePath is a file of the repository a page names, in prose or in
// code: db/step_records.go, tui/app*.go, fixtures/policy.toml.
var codePath = regexp.MustCompile(`\b(?:cmd|db|model|review|tui|fixtures|docs)/[\w./*-]*\.(?:go|sql|toml|json|ndjson|sh|md)\b`)

// TestEveryCodePathExists keeps the files the pages name for a reader to
// open (the code behind a rule, the benchmark that measured it) where the
// pages say they are.
func TestEveryCodePathExists(t *testing.T) {
	pages, err := filepath.Glob("*.md")
	if err != nil {
		t.Fatal(err)
	}
	pages = append(pages, "../README.md", "../BENCHMARKS.md")
	for _, page := range pages {
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range codePath.FindAllString(string(b), -1) {
			if strings.Contains(p, "://") {
				continue
			}
			found, err := filepath.Glob(filepath.Join("..", p))
			if err != nil || len(found) == 0 {
				t.Errorf("%s names %s, which is not in the repository", page, p)
			}
		}
	}
}

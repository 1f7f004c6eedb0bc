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
			target, _, _ := strings.Cut(m[1], "#")
			if web.MatchString(target) || target == "" {
				continue
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
			}
		}
	}
}

package main

import (
	"strings"
	"testing"
)

// Each of approve, reject and defer opens its help with one sentence that
// says what it does and as whom.
func TestDecideHelpOpensWithOneSentence(t *testing.T) {
	for verb, want := range map[string]string{
		"approve": "Approve a pending AI suggestion as the --as person, the named owner.",
		"reject":  "Reject a pending AI suggestion as the --as person, the named owner.",
		"defer": "Defer a pending AI suggestion as the --as person, the named owner: not\n" +
			"now, the AI must suggest it again.",
	} {
		t.Run(verb, func(t *testing.T) {
			r := signoff(t, tempDB(t), "", verb, "--help")
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if first, _, _ := strings.Cut(r.stdout, "\n\n"); first != want {
				t.Errorf("%s --help opens with\n%s\nwant\n%s", verb, first, want)
			}
		})
	}
}

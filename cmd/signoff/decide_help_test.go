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

// The examples in approve, reject and defer --help run as shown on the
// bundled samples (signoff demo), the first thing a newcomer tries them on.
func TestDecideExamplesRunOnTheSamples(t *testing.T) {
	path := demoDB(t)
	for _, verb := range []string{"approve", "reject", "defer"} {
		for _, line := range helpExamples(t, path, verb) {
			if r := signoff(t, path, "", shellWords(t, line)[1:]...); r.code != 0 {
				t.Errorf("%s\nexit %d: %s", line, r.code, r.stderr)
			}
		}
	}
}

// The examples in annotate --help record, on the samples, verdicts the
// record bears out: an example is what a newcomer copies.
func TestAnnotateExamplesAgreeWithTheSamples(t *testing.T) {
	path := demoDB(t)
	for _, line := range helpExamples(t, path, "annotate") {
		if r := signoff(t, path, "", shellWords(t, line)[1:]...); r.code != 0 || r.stderr != "" {
			t.Errorf("%s\nexit %d: %s", line, r.code, r.stderr)
		}
	}
}

// helpExamples are the command lines of verb --help's examples, a line
// continued with \ joined to the next.
func helpExamples(t *testing.T, path, verb string) []string {
	t.Helper()
	help := signoff(t, path, "", verb, "--help").stdout
	_, examples, _ := strings.Cut(help, "Examples:\n")
	examples, _, _ = strings.Cut(examples, "\n\n")
	var lines []string
	for _, line := range strings.Split(strings.ReplaceAll(examples, "\\\n", " "), "\n") {
		lines = append(lines, strings.Join(strings.Fields(line), " "))
	}
	return lines
}

// Only approve has --action-detail; the help of reject and defer does
// not speak of a flag they refuse.
func TestOnlyApproveHelpOffersActionDetail(t *testing.T) {
	for verb, want := range map[string]bool{"approve": true, "reject": false, "defer": false} {
		r := signoff(t, tempDB(t), "", verb, "--help")
		if got := strings.Contains(r.stdout, "--action-detail"); got != want {
			t.Errorf("%s --help names --action-detail: %v, want %v", verb, got, want)
		}
	}
}

// shellWords splits an example command line as a shell would: words
// apart at spaces, double quotes holding a word together.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var word strings.Builder
	quoted, inWord := false, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted, inWord = !quoted, true
		case r == ' ' && !quoted:
			if inWord {
				words = append(words, word.String())
				word.Reset()
			}
			inWord = false
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		t.Fatalf("unbalanced quotes in %q", line)
	}
	if inWord {
		words = append(words, word.String())
	}
	return words
}

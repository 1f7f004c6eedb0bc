package review

import (
	"strings"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/signoff/signoff/model"
)

// DiffOp says whether a span of a diff is kept, added or removed.
type DiffOp int

const (
	DiffEqual DiffOp = iota
	DiffInsert
	DiffDelete
)

// DiffSpan is one run of words of an action diff.
type DiffSpan struct {
	Op   DiffOp
	Text string
}

// maxDiffWords bounds the word diff: past it, the middle between the common
// prefix and suffix is shown as one removal and one insertion, so hostile
// multi-megabyte details cannot make a diff slow.
const maxDiffWords = 2000

// ActionText is an action as the words "type target detail".
func ActionText(a *model.Action) string {
	if a == nil {
		return ""
	}
	var parts []string
	for _, f := range []string{a.Type, a.Target, a.Detail} {
		if f != "" {
			parts = append(parts, f)
		}
	}
	return strings.Join(parts, " ")
}

// ActionDiff compares the suggested action with the final one word by word
// (the words of "type target detail"); nil when they are the same action.
func ActionDiff(suggested, final *model.Action) []DiffSpan {
	if model.SameAction(suggested, final) {
		return nil
	}
	a, b := words(ActionText(suggested)), words(ActionText(final))
	if len(a) > maxDiffWords || len(b) > maxDiffWords {
		return coarseDiff(a, b)
	}
	// Each distinct word becomes one rune, so go-diff's character diff is a
	// word diff; the runes skip the surrogate range, which strings cannot hold.
	index := map[string]rune{}
	var vocab []string
	encode := func(ws []string) []rune {
		rs := make([]rune, len(ws))
		for i, w := range ws {
			r, ok := index[w]
			if !ok {
				r = wordRune(len(vocab))
				index[w] = r
				vocab = append(vocab, w)
			}
			rs[i] = r
		}
		return rs
	}
	ra, rb := encode(a), encode(b)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // no deadline: the same input always gives the same diff
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMainRunes(ra, rb, false))
	var spans []DiffSpan
	for _, d := range diffs {
		var sb strings.Builder
		for _, r := range d.Text {
			sb.WriteString(vocab[runeWord(r)])
		}
		spans = appendSpan(spans, diffOp(d.Type), sb.String())
	}
	return spans
}

func wordRune(i int) rune {
	r := rune(i + 1)
	if r >= 0xD800 {
		r += 0x800
	}
	return r
}

func runeWord(r rune) int {
	if r >= 0xE000 {
		r -= 0x800
	}
	return int(r) - 1
}

func diffOp(t diffmatchpatch.Operation) DiffOp {
	switch t {
	case diffmatchpatch.DiffInsert:
		return DiffInsert
	case diffmatchpatch.DiffDelete:
		return DiffDelete
	}
	return DiffEqual
}

func appendSpan(spans []DiffSpan, op DiffOp, text string) []DiffSpan {
	if text == "" {
		return spans
	}
	if n := len(spans); n > 0 && spans[n-1].Op == op {
		spans[n-1].Text += text
		return spans
	}
	return append(spans, DiffSpan{Op: op, Text: text})
}

// words splits text into words and the whitespace runs between them, so the
// pieces join back to the text exactly.
func words(s string) []string {
	var out []string
	start, space := 0, false
	for i, r := range s {
		sp := unicode.IsSpace(r)
		if i > start && sp != space {
			out = append(out, s[start:i])
			start = i
		}
		space = sp
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func coarseDiff(a, b []string) []DiffSpan {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	q := 0
	for q < len(a)-p && q < len(b)-p && a[len(a)-1-q] == b[len(b)-1-q] {
		q++
	}
	var spans []DiffSpan
	spans = appendSpan(spans, DiffEqual, strings.Join(a[:p], ""))
	spans = appendSpan(spans, DiffDelete, strings.Join(a[p:len(a)-q], ""))
	spans = appendSpan(spans, DiffInsert, strings.Join(b[p:len(b)-q], ""))
	return appendSpan(spans, DiffEqual, strings.Join(a[len(a)-q:], ""))
}

// Package alike says when two ids read alike on a screen: equal after
// Unicode compatibility normalisation (NFKC), case folding and the
// confusables skeleton of Unicode UTS #39 (Cyrillic "а" for Latin "a",
// "rn" for "m", "0" for "O"). Two people, two agents, or a person and an
// agent whose ids read alike would show one human as two, or a human's
// decision as the AI's, so the importers refuse such pairs. Before any of
// that, characters that draw nothing (zero-width and other format
// characters) are dropped, and separators (white space, "_", ".", "-")
// count as one kind, a run of them as one, none at either end: "bob_",
// " bob" and "bob." read like "bob", and "signoff\tgate" like
// "signoff gate".
package alike

import (
	"strings"
	"unicode"

	"github.com/mtibben/confusables"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// keys are the forms two ids that read alike share. Case folding and the
// skeleton do not commute: "I" folds to "i" but looks like "l", and the
// Greek capitals "ΚΟΡ" skeleton to "KOP" while their small letters do
// not. So there are two forms, folded then skeletoned and the reverse,
// and ids that share either read alike.
func keys(id string) [2]string {
	n := squeeze(norm.NFKC.String(id))
	folded := fold(n)
	return [2]string{fold(confusables.Skeleton(folded)), fold(confusables.Skeleton(n))}
}

func fold(s string) string { return cases.Fold().String(s) }

// squeeze drops what draws nothing and writes every run of separators as
// one "-", trimmed at both ends.
func squeeze(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	gap := false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r):
			continue
		case unicode.IsSpace(r) || r == '_' || r == '.' || r == '-':
			gap = b.Len() > 0
			continue
		}
		if gap {
			b.WriteByte('-')
			gap = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Same reports whether a and b read alike.
func Same(a, b string) bool {
	ka, kb := keys(a), keys(b)
	return ka[0] == kb[0] || ka[1] == kb[1]
}

// Index holds ids and finds, for another id, one it reads like. The zero
// value is ready to use.
type Index struct {
	by table[string]
}

// Add records id; an id that reads like one already added keeps the first.
func (x *Index) Add(id string) { x.by.add(keys(id), id) }

// Find returns an id added earlier, other than id itself, that reads like
// id.
func (x *Index) Find(id string) (string, bool) {
	return x.by.find(keys(id), func(other string) bool { return other == id })
}

// table maps each of the two forms of what was added to the first value
// added with it.
type table[V any] struct {
	by [2]map[string]V
}

func (t *table[V]) add(k [2]string, v V) {
	for i := range k {
		if t.by[i] == nil {
			t.by[i] = map[string]V{}
		}
		if _, ok := t.by[i][k[i]]; !ok {
			t.by[i][k[i]] = v
		}
	}
}

// find returns the value added with either form of k, unless it is self.
func (t *table[V]) find(k [2]string, self func(V) bool) (V, bool) {
	for i := range k {
		if v, ok := t.by[i][k[i]]; ok && !self(v) {
			return v, true
		}
	}
	var none V
	return none, false
}

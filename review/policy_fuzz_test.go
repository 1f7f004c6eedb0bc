package review

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// FuzzPolicy holds LoadPolicy to one answer for any file: a policy, or an
// EINVALID sentence naming the file, never a panic. The seeds are the
// bundled default and the example policy.
func FuzzPolicy(f *testing.F) {
	f.Add([]byte(defaultPolicyTOML))
	example, err := os.ReadFile("../fixtures/policy.toml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(example)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := LoadPolicy(strings.NewReader(string(data)), "fuzz.toml")
		var me *model.Error
		if err != nil {
			if !errors.As(err, &me) || me.Code != model.EINVALID || !strings.HasPrefix(me.Message, "policy file fuzz.toml") {
				t.Fatalf("LoadPolicy answered %v; want an EINVALID sentence naming the file", err)
			}
			return
		}
		for t2 := range p.rules {
			if r, _ := p.Rule(t2); !r.Class.Valid() || !r.Tier.Valid() {
				t.Fatalf("a loaded policy has the rule %+v for %q", r, t2)
			}
		}
	})
}

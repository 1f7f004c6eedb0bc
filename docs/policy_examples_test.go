package docs

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/signoff/signoff/review"
)

var tomlBlock = regexp.MustCompile("(?ms)^```toml\n(.*?)^```")

// A policy example a reader copies into a file must be one signoff
// loads: IDENTITY.md's showed require_signature and signers alone, which
// --policy refuses ("lists no action types: expected an [actions]
// table"). Each policy example there holds the [actions] table, and each
// one written out whole loads.
func TestIdentitysPolicyExamplesAreFilesSignoffLoads(t *testing.T) {
	page, err := os.ReadFile("IDENTITY.md")
	if err != nil {
		t.Fatal(err)
	}
	whole := 0
	for _, m := range tomlBlock.FindAllStringSubmatch(string(page), -1) {
		block := m[1]
		if !strings.Contains(block, "require_signature") && !strings.Contains(block, "signers") {
			continue
		}
		if !strings.Contains(block, "\n[actions]\n") {
			t.Errorf("a policy example without its [actions] table:\n%s", block)
			continue
		}
		if strings.Contains(block, "…") {
			continue // points to the whole table shown elsewhere
		}
		whole++
		if _, err := review.LoadPolicy(strings.NewReader(block), "IDENTITY.md's example"); err != nil {
			t.Errorf("the example does not load: %v\n%s", err, block)
		}
	}
	if whole == 0 {
		t.Error("IDENTITY.md shows no whole policy file to copy")
	}
}

package main

import (
	"strings"
	"testing"
)

// A claim does not stop anyone from deciding (its holder may have gone
// home), but the person deciding over it is told whose it was, as the
// queue screen tells them when the decision form opens.
func TestDecidingAnItemSomeoneElseHoldsSaysWhoseClaimItWas(t *testing.T) {
	path := demoDB(t)
	if r := signoff(t, path, "", "--as", "tomas", "claim", "INC-2046/S5", "--for", "1h"); r.code != 0 {
		t.Fatalf("claim: %s", r.stderr)
	}
	r := signoff(t, path, "", "--as", "alice", "approve", "INC-2046/S5", "--rationale", "single source")
	if r.code != 0 || !strings.Contains(r.stdout, "recorded D-S5: approved") {
		t.Fatalf("exit %d, stdout %q, stderr %q; want it recorded", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "signoff: note: tomas held INC-2046/S5 (claimed at ") || !strings.Contains(r.stderr, "decided all the same: a claim is not a decision") {
		t.Errorf("stderr %q; want it to name tomas's claim", r.stderr)
	}

	if r := signoff(t, path, "", "--as", "alice", "claim", "INC-2046/S8"); r.code != 0 {
		t.Fatalf("claim: %s", r.stderr)
	}
	r = signoff(t, path, "", "--as", "alice", "reject", "INC-2046/S8", "--rationale", "not needed")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("deciding what you hold yourself: exit %d, stderr %q; want no note", r.code, r.stderr)
	}
}

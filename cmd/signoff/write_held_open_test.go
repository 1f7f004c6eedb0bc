package main

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// The workstation and serve keep the record open for hours while others
// add to it, and their check remembers it as it grows; their writes were
// held to what this machine remembered when the store was opened, so
// entries cut off after that took a decision over the cut.
func TestAStoreKeptOpenHoldsItsWritesToWhatItsLatestCheckRemembers(t *testing.T) {
	path := closedAndChecked(t)
	a := &app{dbPath: path}
	defer a.close()
	ctx := context.Background()
	s, err := a.open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r := signoff(t, path, "", "--as", "alice", "handoff", "INC-2046", "--note", "from another desk"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if banner, err := verifyChain(s)(ctx); banner != "" || err != nil {
		t.Fatalf("the workstation's check: %q, %v", banner, err)
	}
	cutLast(t, path)
	_, err = s.AddHandoffNote(ctx, model.HandoffNote{Incident: "INC-2046", By: "alice", Text: "over the cut"})
	if model.ErrorCode(err) != model.ETAMPERED || !strings.Contains(model.ErrorMessage(err), "so entries were cut off the end") {
		t.Errorf("a note written over the entry cut after the last check: %v; want it refused, naming the cut", err)
	}
}

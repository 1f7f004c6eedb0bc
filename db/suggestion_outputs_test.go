package db

import (
	"context"
	"errors"
	"testing"

	"github.com/signoff/signoff/model"
)

func ref(incident, id string) model.EventRef { return model.EventRef{Incident: incident, ID: id} }

// SuggestionOutputs hands over the raw output of every listed suggestion,
// across incidents and pages, in the list's order, each the one Event
// reads; a ref that names no suggestion (none, or evidence, a decision)
// is ENOTFOUND after the ones before it, and fn's own error comes back
// as it is.
func TestSuggestionOutputsReadsTheListedSuggestionsInOrder(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		ctx := context.Background()
		some := []model.EventRef{ref("INC-2041", "S1"), ref("INC-2046", "S3"), ref("INC-2041", "S6"), ref("INC-2046", "S5"), ref("INC-2041", "S2"), ref("INC-2041", "S4")}
		want := map[model.EventRef]string{}
		for _, ref := range some {
			e, err := d.Event(ctx, ref.Incident, ref.ID)
			if err != nil {
				t.Fatal(err)
			}
			want[ref] = e.RawOutput
		}
		// Past two pages, the same suggestions over and over.
		var refs []model.EventRef
		for i := 0; i < 2*outputsPage+7; i++ {
			refs = append(refs, some[i%len(some)])
		}
		got := 0
		err := d.SuggestionOutputs(ctx, refs, func(i int, raw string) error {
			if i != got {
				t.Fatalf("output %d came as number %d", i, got)
			}
			if raw != want[refs[i]] {
				t.Fatalf("output %d (%v): %q, want %q", i, refs[i], raw, want[refs[i]])
			}
			got++
			return nil
		})
		if err != nil || got != len(refs) {
			t.Fatalf("%d outputs of %d: %v", got, len(refs), err)
		}
		for _, bad := range []model.EventRef{ref("INC-2046", "S99"), ref("INC-2046", "E1"), ref("INC-2041", "D1"), ref("INC-9999", "S1")} {
			list := append(append([]model.EventRef{}, refs[:outputsPage+2]...), bad, some[0])
			got = 0
			err := d.SuggestionOutputs(ctx, list, func(int, string) error { got++; return nil })
			if model.ErrorCode(err) != model.ENOTFOUND || got != outputsPage+2 {
				t.Errorf("%v: %d outputs, err %v; want %d, then ENOTFOUND", bad, got, err, outputsPage+2)
			}
		}
		stop := errors.New("enough")
		if err := d.SuggestionOutputs(ctx, refs, func(int, string) error { return stop }); err != stop {
			t.Errorf("fn's error came back as %v", err)
		}
	})
}

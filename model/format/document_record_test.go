package format

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// A record handed over can wait as its bytes: decoding them again gives
// the value handed over, in normal form (times in UTC), for every list.
func TestDecodeDocRecordGivesTheValueReadDocumentHandedOver(t *testing.T) {
	doc := sampleDoc()
	doc.Events[0].At = doc.Events[0].At.In(time.FixedZone("CET", 3600))
	doc.StatusChanges = []model.StatusChange{{ID: "ST-1", Status: model.StatusContained, By: "alice", At: t0.Add(time.Hour), Rationale: "r"}}
	lists := map[string]bool{}
	err := ReadDocument("sample.json", strings.NewReader(indented(t, doc)), func(rec DocRecord) error {
		lists[rec.List] = true
		again, err := DecodeDocRecord(rec.List, rec.Raw)
		if err != nil {
			t.Errorf("%s record on line %d: %v", rec.List, rec.Line, err)
		} else if !reflect.DeepEqual(again, rec.Value) {
			t.Errorf("%s record on line %d decodes again to\n  %+v\nwant\n  %+v", rec.List, rec.Line, again, rec.Value)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(lists) != 8 {
		t.Errorf("the sample has records in %d lists; want all 8", len(lists))
	}
}

func TestDecodeDocRecordRefusesBytesThatAreNotARecord(t *testing.T) {
	for name, c := range map[string]struct{ list, raw string }{
		"an unknown list":  {"notes", `{"id": "N1"}`},
		"an unknown field": {"people", `{"id": "alice", "name": "A", "authority": "high", "x": 1}`},
		"a failed check":   {"people", `{"id": "alice", "name": "A", "authority": "supreme"}`},
	} {
		t.Run(name, func(t *testing.T) {
			if v, err := DecodeDocRecord(c.list, []byte(c.raw)); err == nil {
				t.Errorf("decoded to %+v; want an error", v)
			}
		})
	}
}

package ocsf

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/signoff/signoff/model/export/exporttest"
)

func TestAppendJSONWritesWhatTheReflectionEncoderWrites(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 5))
	for i := range 5000 {
		var e Event
		if i > 0 { // the first event is all zero values
			exporttest.Fill(&e, r)
		}
		want, werr := exporttest.Reflect(&e)
		got, err := e.AppendJSON(nil)
		if (err != nil) != (werr != nil) || (err == nil && !bytes.Equal(got, want)) {
			t.Fatalf("event %d:\n got %s (%v)\nwant %s (%v)", i, got, err, want, werr)
		}
	}
}

package timesketch

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/signoff/signoff/model/export/exporttest"
)

func TestAppendJSONWritesWhatTheReflectionEncoderWrites(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 5))
	for i := range 5000 {
		var l Line
		if i > 0 { // the first line is all zero values
			exporttest.Fill(&l, r)
		}
		want, werr := exporttest.Reflect(&l)
		got, err := l.AppendJSON(nil)
		if (err != nil) != (werr != nil) || (err == nil && !bytes.Equal(got, want)) {
			t.Fatalf("line %d:\n got %s (%v)\nwant %s (%v)", i, got, err, want, werr)
		}
	}
}

package format_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
)

// The import reads files from anywhere: whatever the bytes, decoding
// answers with an EINVALID sentence naming the file, never a panic and
// never another kind of error. The seeds are the bundled incidents and
// generated streams; crashers found are kept under testdata/fuzz, where
// go test runs them as regression tests. .ci/run fuzzes each target for a
// short while.

// wantSentence fails unless err is nil or an EINVALID sentence about name.
func wantSentence(t *testing.T, name string, err error) {
	t.Helper()
	var me *model.Error
	if err != nil && (!errors.As(err, &me) || me.Code != model.EINVALID || !strings.HasPrefix(me.Message, name)) {
		t.Fatalf("decoding answered %v (code %s); want an EINVALID sentence naming %s", err, model.ErrorCode(err), name)
	}
}

func FuzzImportDocument(f *testing.F) {
	for _, name := range fixtures.Incidents() {
		data, err := fixtures.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := format.DecodeDocument("fuzz.json", bytes.NewReader(data))
		wantSentence(t, "fuzz.json", err)
		// Read as a stream, a document is judged as it was read whole.
		if _, legacy := format.LegacyDecodeDocument("fuzz.json", bytes.NewReader(data)); model.ErrorMessage(err) != model.ErrorMessage(legacy) {
			t.Fatalf("read as a stream: %v\nread whole: %v", err, legacy)
		}
		if err != nil {
			return
		}
		// What was accepted reads back the same once written out.
		again, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		back, err := format.DecodeDocument("again.json", bytes.NewReader(again))
		if err != nil || !reflect.DeepEqual(back, doc) {
			t.Fatalf("an accepted document does not read back the same: %v", err)
		}
	})
}

func FuzzImportStream(f *testing.F) {
	for seed := int64(1); seed <= 3; seed++ {
		var b strings.Builder
		if err := fixtures.Generate(&b, fixtures.GenOptions{Incidents: 2, Events: 30, Seed: seed}); err != nil {
			f.Fatal(err)
		}
		f.Add([]byte(b.String()))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := format.NewLineReader("fuzz.ndjson", bytes.NewReader(data))
		dec := format.NewStreamDecoder("fuzz.ndjson")
		for {
			n, text, err := lines.Next()
			if errors.Is(err, io.EOF) {
				wantSentence(t, "fuzz.ndjson", dec.End())
				return
			}
			if err == nil {
				_, err = dec.Decode(n, text)
			}
			if err != nil {
				wantSentence(t, "fuzz.ndjson", err)
				return
			}
		}
	})
}

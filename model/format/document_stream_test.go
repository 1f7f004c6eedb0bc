package format

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/signoff/signoff/model"
)

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// bigDocument is the sample document with n more notes, one per line.
func bigDocument(t *testing.T, n int) string {
	t.Helper()
	text := indented(t, sampleDoc())
	var notes strings.Builder
	for i := range n {
		fmt.Fprintf(&notes, "\n    {\"id\": \"N%d\", \"at\": \"2026-03-01T10:00:00Z\", \"kind\": \"note\", \"actor\": \"alice\", \"summary\": \"%s\"},", i, strings.Repeat("x", 200))
	}
	return strings.Replace(text, `"events": [`, `"events": [`+notes.String(), 1)
}

// A document is read as a stream: each record is handed over once read,
// so the reader holds one record, not the document (a 200 MB document
// imports in the memory of a stream).
func TestReadDocumentHandsEachRecordOverBeforeReadingTheRest(t *testing.T) {
	text := bigDocument(t, 50_000) // about 13 MB
	in := &countingReader{r: strings.NewReader(text)}
	var records, readAtFirstNote int
	err := ReadDocument("big.json", in, func(rec DocRecord) error {
		records++
		if e, ok := rec.Value.(*model.Event); ok && e.ID == "N0" {
			readAtFirstNote = in.n
			if want, _ := lineCol([]byte(text), int64(strings.Index(text, `{"id": "N0"`))); rec.Line != want {
				t.Errorf("the first note is on line %d; want %d", rec.Line, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if records != 1+1+1+1+1+50_000+2+1 {
		t.Errorf("handed over %d records", records)
	}
	if readAtFirstNote == 0 || readAtFirstNote > 1<<20 {
		t.Errorf("%d of %d bytes were read before the first note was handed over; want under 1 MiB", readAtFirstNote, len(text))
	}
}

// A problem far into a large document names its line and column as in a
// small one: lines are counted as the input is let go of.
func TestReadDocumentNamesTheLineOfAProblemFarIntoTheDocument(t *testing.T) {
	text := strings.Replace(bigDocument(t, 20_000), `"id": "N19000",`, `"id": "N19000", "colour": 1,`, 1)
	line, col := lineCol([]byte(text), int64(strings.Index(text, `"colour"`)))
	err := ReadDocument("big.json", strings.NewReader(text), func(DocRecord) error { return nil })
	wantError(t, err, model.EINVALID, fmt.Sprintf(`big.json line %d column %d: event N19000: unknown field "colour"`, line, col))
}

// Broken JSON, anywhere, is explained as it was when the whole document
// was read first (legacyDecodeDocument), at the same line and column,
// though the reader now holds only the record it is in; so is every other
// problem a byte out of place makes.
func TestDecodeDocumentExplainsEveryBrokenDocumentAsBefore(t *testing.T) {
	text := indented(t, sampleDoc())
	check := func(t *testing.T, broken string) {
		t.Helper()
		_, want := legacyDecodeDocument("sample.json", strings.NewReader(broken))
		_, err := DecodeDocument("sample.json", strings.NewReader(broken))
		if model.ErrorMessage(err) != model.ErrorMessage(want) || model.ErrorCode(err) != model.ErrorCode(want) {
			t.Fatalf("for %q\n got %v\nwant %v", broken, err, want)
		}
	}
	for i := 0; i <= len(text); i++ {
		check(t, text[:i])
		for _, c := range []string{",", "}", "]", "{", "[", "x", `"`, ":", "1", "\xff"} {
			check(t, text[:i]+c+text[i:])
		}
		if i < len(text) {
			check(t, text[:i]+text[i+1:])
		}
	}
}

// Where the input ends in white space after a field's name, the problem
// is placed after all of it, however the reads cut it: the decoder may
// not have read the rest of it when the field's name is handed over.
func TestAnEndAfterWhiteSpaceIsPlacedAsBeforeHoweverTheInputIsRead(t *testing.T) {
	text := indented(t, sampleDoc())
	for _, field := range []string{`"format"`, `"incident"`, `"people"`, `"events"`, `"status_changes"`} {
		cut := strings.Index(text, field) + len(field)
		for n := 1; n <= 4; n++ {
			broken := text[:cut] + strings.Repeat(" \n", n)
			_, want := legacyDecodeDocument("sample.json", strings.NewReader(broken))
			_, err := DecodeDocument("sample.json", iotest.OneByteReader(strings.NewReader(broken)))
			if model.ErrorMessage(err) != model.ErrorMessage(want) {
				t.Fatalf("for %q\n got %v\nwant %v", broken[cut-10:], err, want)
			}
		}
	}
}

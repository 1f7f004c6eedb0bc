package db

import (
	"fmt"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// notes is feed followed by n notes N1…Nn, one a line from line 10.
func notes(n int) string {
	var b strings.Builder
	b.WriteString(feed)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `{"record": "event", "id": "N%d", "at": "2026-02-12T09:00:00Z", "kind": "note", "actor": "bob", "summary": "n"}`+"\n", i)
	}
	return b.String()
}

// Timeline rows are inserted many to a statement; a refusal must still
// name the line at fault, and the first one.
func TestImportStreamNamesTheLineAtFaultWhenRowsAreBatched(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		dup := `{"record": "event", "id": "N3", "at": "2026-02-12T09:00:00Z", "kind": "note", "actor": "bob", "summary": "again"}` + "\n"
		bad := `{"record": "event", "id": "N999", "at": "2026-02-12T09:00:00Z", "kind": "note", "actor": "bob"}` + "\n"
		cases := []struct {
			name, text, code, want string
		}{
			{"an id taken many rows earlier names the later line", notes(3*batchRows) + dup,
				model.EINVALID, fmt.Sprintf("feed.ndjson line %d: event N3: the id is already used by an earlier record of this stream", 10+3*batchRows)},
			{"an id taken a few rows earlier names the later line", notes(5) + dup,
				model.EINVALID, "feed.ndjson line 15: event N3: the id is already used by an earlier record of this stream"},
			{"a taken id is reported before a bad record after it", notes(5) + dup + bad,
				model.EINVALID, "feed.ndjson line 15: event N3: the id is already used"},
			{"an id of the database names its line", sampleHeader(t, "") + strings.Repeat("\n", 3) + strings.ReplaceAll(dup, "N3", "N1"),
				model.ECONFLICT, "feed.ndjson line 5: event N1 already exists in incident INC-1"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) { wantStreamRefused(t, "feed.ndjson", c.text, c.code, c.want) })
		}
	})
}

func TestImportStreamOfManyRowsRecordsEveryOne(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		results, err := importStream(t, d, "feed.ndjson", notes(5*batchRows+7))
		res := only(t, results, err)
		if res.Counts["events"] != 5*batchRows+7+2 {
			t.Errorf("result %+v; want %d events", res, 5*batchRows+7+2)
		}
		s, err := d.IncidentSummary(t.Context(), "INC-9")
		if err != nil {
			t.Fatal(err)
		}
		if s.Events != 5*batchRows+7+2 {
			t.Errorf("the incident holds %d events; want %d", s.Events, 5*batchRows+7+2)
		}
		if v, err := d.Verify(t.Context()); err != nil || !v.Intact {
			t.Errorf("verify: %s, %v", v, err)
		}
	})
}

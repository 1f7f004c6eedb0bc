package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/safetext"
)

// wholeDocument is what findings and report wrote before they streamed:
// the whole incident loaded, then judged.
func wholeDocument(t *testing.T, path, incident string) (review.Report, []review.Finding) {
	t.Helper()
	ctx := context.Background()
	s, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	doc, err := s.Document(ctx, incident)
	if err != nil {
		t.Fatal(err)
	}
	chain := reportStatus(t, s, incident)
	p := review.DefaultPolicy()
	return review.BuildReport(doc, p, chain), review.Findings(doc, p)
}

// reportStatus is the chain status a report of the incident states now:
// what this machine remembers has been checked once (as the first report
// would), so the report goes on from it.
func reportStatus(t *testing.T, s database, incident string) review.ChainStatus {
	t.Helper()
	ctx := context.Background()
	if _, _, err := checkChain(ctx, s, time.Now()); err != nil {
		t.Fatal(err)
	}
	st, err := reportChain(ctx, s, func() (recordCheck, error) { return checkRecord(ctx, s, time.Now(), false) }, func() (chain.Pass, error) {
		return s.EachStepChecked(ctx, incident, func(model.WalkStart) error { return nil }, func(*model.Step) error { return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func indented(t *testing.T, v any) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// findings and report read the incident one step at a time and write as
// they go; what they write is byte for byte what judging the whole
// document gives, for the bundled incidents and for a generated one too
// large to list every step.
func TestFindingsAndReportsStreamWhatTheWholeDocumentGives(t *testing.T) {
	path := demoDB(t)
	dir := t.TempDir()
	gen := filepath.Join(dir, "gen.ndjson")
	var b bytes.Buffer
	if err := fixtures.Generate(&b, fixtures.GenOptions{Incidents: 1, Events: 3000, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(gen, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := signoff(t, path, "", "import", gen); r.code != 0 {
		t.Fatal(r.stderr)
	}
	for _, inc := range []string{"INC-2041", "INC-2044", "INC-2046", fixtures.GenIncidentID(9, 0)} {
		t.Run(inc, func(t *testing.T) {
			rep, fs := wholeDocument(t, path, inc)
			if r := signoff(t, path, "", "findings", inc, "--json"); r.stdout != indented(t, append([]review.Finding{}, fs...)) {
				t.Errorf("findings --json differs from the whole document's findings")
			}
			if r := signoff(t, path, "", "report", inc, "--format", "json"); r.stdout != indented(t, rep) {
				t.Errorf("report --format json differs from the whole document's report")
			}
			whole := safetext.Block(rep.Markdown()).String()
			if r := signoff(t, path, "", "report", inc, "--all"); r.stdout != whole {
				t.Errorf("report --all differs from the whole document's Markdown")
			}
			md := signoff(t, path, "", "report", inc).stdout
			if summarised := len(rep.Steps) > review.SummariseOver; summarised == (md == whole) {
				t.Errorf("%d steps: the Markdown report summarised is %v, want %v", len(rep.Steps), md != whole, summarised)
			}
			if len(rep.Steps) > review.SummariseOver && !strings.Contains(md, "report "+inc+" --all") {
				t.Error("the summarised report does not say how to get every step")
			}
		})
	}
}

func TestReportRefusesAllForJSON(t *testing.T) {
	path := demoDB(t)
	r := signoff(t, path, "", "report", "INC-2041", "--format", "json", "--all")
	if r.code != exitUsage || !strings.Contains(r.stderr, "--all is for the Markdown report") {
		t.Errorf("exit %d, %q", r.code, r.stderr)
	}
}

// The Markdown report is made safe a line at a time as it is written, as
// the whole text was before.
func TestSafeBlockWriterIsBlockALineAtATime(t *testing.T) {
	text := "a\tb\x1b[31mred\n\u202eevil\r\nline\tthree\n\n\x00last"
	var out bytes.Buffer
	w := &safeBlockWriter{w: &out}
	for i := range len(text) {
		w.Write([]byte{text[i]})
	}
	w.Flush()
	if want := safetext.Block(text).String(); out.String() != want {
		t.Errorf("wrote %q, want %q", out.String(), want)
	}
}

// The report asks the collector to keep its heap small (the chain's check
// beside the walk let a million-event report grow past 200 MB), unless
// GOMEMLIMIT already says how much it may use.
func TestTheReportKeepsItsHeapSmall(t *testing.T) {
	path := demoDB(t)
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)
	for _, tc := range []struct {
		name, env string
		want      int64
	}{
		{"with no GOMEMLIMIT", "", reportHeap},
		{"with GOMEMLIMIT set", "1GiB", before},
	} {
		t.Run(tc.name, func(t *testing.T) {
			debug.SetMemoryLimit(before)
			t.Setenv("GOMEMLIMIT", tc.env)
			if r := signoff(t, path, "", "report", "INC-2041", "--format", "json"); r.code != 0 {
				t.Fatalf("report: exit %d, %s", r.code, r.stderr)
			}
			if got := debug.SetMemoryLimit(-1); got != tc.want {
				t.Errorf("the memory limit is %d, want %d", got, tc.want)
			}
		})
	}
}

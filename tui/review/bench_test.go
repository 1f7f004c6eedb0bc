package review

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/dbtest"
	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
	rules "github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/tuitest"
)

// Benchmarks of the workstation on generated incidents of 1k, 100k and 1M
// events (BENCHMARKS.md). The generated databases are kept in the temp
// directory between runs, since importing a million events takes a while:
//
//	go test ./tui -run '^$' -bench . -benchtime 200x

var benchSizes = []int{1_000, 100_000, 1_000_000}

// benchPath is the kept database of the generated incident of n events.
func benchPath(n int) string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("signoff-tui-bench-%d.db", n))
}

// benchStore opens (building once) a database holding one generated
// incident of n events and returns it with the incident id.
func benchStore(b *testing.B, n int) (model.Store, string) {
	b.Helper()
	ctx := context.Background()
	path := benchPath(n)
	if _, err := os.Stat(path); err != nil {
		if err := buildBenchDB(ctx, path, n); err != nil {
			os.Remove(path)
			b.Fatal(err)
		}
	}
	d, err := db.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	list, err := d.Incidents(ctx)
	if err != nil || len(list) != 1 {
		b.Fatalf("the bench database %s holds %d incidents: %v", path, len(list), err)
	}
	return d, list[0].ID
}

// benchTarget is a generated incident on one engine.
type benchTarget struct {
	name  string // events=N, and the engine when it is not SQLite
	store model.Store
	inc   string
}

// benchTargets are the incidents the benchmarks run on: each size on
// SQLite and, when SIGNOFF_TEST_POSTGRES names a server, the largest on
// PostgreSQL too, a copy of the same file made once (dbtest.BenchOn), so
// both engines are measured in one run (BENCHMARKS.md, "PostgreSQL beside
// SQLite").
func benchTargets(b *testing.B) []benchTarget {
	var ts []benchTarget
	for _, n := range benchSizes {
		s, inc := benchStore(b, n)
		ts = append(ts, benchTarget{fmt.Sprintf("events=%d", n), s, inc})
	}
	if slices.Contains(dbtest.Engines(), "postgres") {
		n := benchSizes[len(benchSizes)-1]
		s := dbtest.BenchOn(b, "postgres", fmt.Sprintf("tui-bench-%d", n), benchPath(n))
		ts = append(ts, benchTarget{fmt.Sprintf("events=%d/engine=postgres", n), s, ts[len(ts)-1].inc})
	}
	return ts
}

// benchApp opens the review screen at 160x48 and lets it settle.
func benchApp(b *testing.B, s model.Store, inc string) *App {
	return newTestApp(b, s, "bench", inc, 160, 48)
}

// BenchmarkFirstFrame is the time from a database already open to the
// first full frame of the review screen (timeline rows and the selected
// row's detail drawn). Commands run concurrently, as in a tea.Program; the
// header's counts arrive in their own message, measured by
// BenchmarkHeaderCounts.
func BenchmarkFirstFrame(b *testing.B) {
	for _, t := range benchTargets(b) {
		b.Run(t.name, func(b *testing.B) {
			s, inc := t.store, t.inc
			for b.Loop() {
				wait := firstFrame(b, s, inc, "")
				b.StopTimer()
				wait()
				b.StartTimer()
			}
		})
	}
}

// BenchmarkFirstFrameAt is BenchmarkFirstFrame for `signoff review
// INCIDENT/ID` on a suggestion halfway through the incident: the window is
// read around the event's own time, so the figure should match the
// first row's at every size.
func BenchmarkFirstFrameAt(b *testing.B) {
	for _, t := range benchTargets(b) {
		b.Run(t.name, func(b *testing.B) {
			s, inc := t.store, t.inc
			focus := middleSuggestion(b, s, inc)
			for b.Loop() {
				wait := firstFrame(b, s, inc, focus)
				b.StopTimer()
				wait()
				b.StartTimer()
			}
		})
	}
}

// middleSuggestion finds a suggestion about halfway through the incident
// by its time, without reading the timeline from the start.
func middleSuggestion(b *testing.B, s model.Store, inc string) string {
	ctx := context.Background()
	first, err := s.TimelineAfter(ctx, inc, nil, 1)
	if err != nil || len(first) == 0 {
		b.Fatal(err)
	}
	last, err := s.TimelineBefore(ctx, inc, nil, 1)
	if err != nil || len(last) == 0 {
		b.Fatal(err)
	}
	mid := model.Cursor{At: first[0].At.Add(last[0].At.Sub(first[0].At) / 2)}
	rows, err := s.TimelineAfter(ctx, inc, &mid, chunk)
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range rows {
		if r.Kind == model.KindSuggestion {
			return r.ID
		}
	}
	b.Fatal("no suggestion halfway through the incident")
	return ""
}

// BenchmarkHeaderCounts is the store's IncidentSummary, which the header
// shows once it arrives.
func BenchmarkHeaderCounts(b *testing.B) {
	for _, t := range benchTargets(b) {
		b.Run(t.name, func(b *testing.B) {
			s, inc := t.store, t.inc
			for b.Loop() {
				if _, err := s.IncidentSummary(context.Background(), inc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// firstFrame runs the app like tea.Program does (each command in its own
// goroutine, messages handled one at a time) until the first full frame
// is drawn; it returns a function that waits for the commands still out.
func firstFrame(b *testing.B, s model.Store, inc, focus string) func() {
	a := &App{screen: New(tuitest.Common(s, "bench", nil), inc, focus, false)}
	msgs := make(chan tea.Msg, 1024)
	var wg sync.WaitGroup
	cmdType := reflect.TypeOf(tea.Cmd(nil))
	var run func(tea.Cmd)
	run = func(c tea.Cmd) {
		if c == nil {
			return
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			msgs <- c()
		}()
	}
	a.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	run(a.Init())
	for msg := range msgs {
		if v := reflect.ValueOf(msg); msg != nil && v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
			for i := 0; i < v.Len(); i++ {
				run(v.Index(i).Interface().(tea.Cmd))
			}
			continue
		}
		if msg == nil {
			continue
		}
		_, cmd := a.Update(msg)
		run(cmd)
		if !a.screen.timeline.Empty() && a.screen.pane.Detail() != nil {
			if focus != "" && a.screen.timeline.Selected().ID != focus {
				b.Fatalf("the first frame selects %s, want %s", a.screen.timeline.Selected().ID, focus)
			}
			if a.View() == "" {
				b.Fatal("empty frame")
			}
			break
		}
		if a.fatal != nil {
			b.Fatal(a.fatal)
		}
	}
	return func() {
		go func() {
			for range msgs {
			}
		}()
		wg.Wait()
		close(msgs)
	}
}

// BenchmarkKey measures Update+View for one key press on a settled review
// screen at 160x48. The store calls a key starts run in commands, off the
// UI loop, and are left out (BenchmarkStoreCalls has them); only G's own
// window load is run, untimed, so each G starts from the first page.
func BenchmarkKey(b *testing.B) {
	keys := []struct{ name, key string }{
		{"j", "j"},
		{"pgdown", "pgdown"},
		{"G", "G"},
		{"search-keystroke", "x"},
	}
	for _, t := range benchTargets(b) {
		s, inc := t.store, t.inc
		for _, k := range keys {
			b.Run(fmt.Sprintf("key=%s/%s", k.name, t.name), func(b *testing.B) {
				a := benchApp(b, s, inc)
				if k.name == "search-keystroke" {
					press(b, a, "/")
				}
				msg := keyMsg(k.key)
				for b.Loop() {
					_, cmd := a.Update(msg)
					_ = a.View()
					b.StopTimer()
					resetBench(b, a, k.name, cmd)
					b.StartTimer()
				}
			})
		}
	}
}

// resetBench keeps a repeated key meaningful: G's page is loaded and the
// screen sent back to the first page; j and pgdown go back to the top of
// the window before they reach its end; the search input is emptied when
// it grows long.
func resetBench(b *testing.B, a *App, name string, cmd tea.Cmd) {
	sc := &a.screen
	switch name {
	case "G":
		loadWindow(b, a, cmd)
		_, first := a.Update(keyMsg("g"))
		loadWindow(b, a, first)
	case "j", "pgdown":
		if len(sc.timeline.rows)-sc.timeline.cursor < 2*sc.timeline.height {
			sc.timeline.Move(-len(sc.timeline.rows))
		}
	default:
		if len(sc.prompt.Value()) > 30 {
			sc.prompt.SetValue("")
		}
	}
}

// loadWindow runs a command that loads a timeline window and hands the
// window to the app, without running what follows it.
func loadWindow(b *testing.B, a *App, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg, ok := cmd().(windowMsg)
	if !ok || msg.err != nil {
		b.Fatalf("expected a window, got %#v", msg)
	}
	a.Update(msg)
}

// BenchmarkStoreCalls times the store calls behind the keys, which run in
// commands while the screen stays responsive: the next page (j, pgdown near
// the window's end), the last page (G), the selected step (every move
// onto a step row), the next unreviewed step (]) and a search that finds
// nothing (the worst case of /).
func BenchmarkStoreCalls(b *testing.B) {
	ctx := context.Background()
	for _, t := range benchTargets(b) {
		s, inc := t.store, t.inc
		rows, err := s.TimelineAfter(ctx, inc, nil, chunk)
		if err != nil || len(rows) == 0 {
			b.Fatal(err)
		}
		var step model.TimelineRow
		for _, r := range rows {
			if r.Subject != "" {
				step = r
				break
			}
		}
		from := rows[len(rows)/2].Cursor()
		roster, err := s.Roster(ctx, inc)
		if err != nil {
			b.Fatal(err)
		}
		findings := storeCmds{ctx: ctx, store: s, policy: rules.DefaultPolicy()}.reader(inc, viewFilter{Findings: true}, roster, nil)
		calls := []struct {
			name string
			call func() error
		}{
			{"next-page", func() error { _, err := s.TimelineAfter(ctx, inc, &from, chunk); return err }},
			{"last-page", func() error { _, err := s.TimelineBefore(ctx, inc, nil, chunk); return err }},
			{"step", func() error { _, err := s.Step(ctx, inc, step.ID); return err }},
			{"next-unreviewed", func() error { _, err := s.NextUnreviewed(ctx, inc, from, true); return err }},
			{"search-no-match", func() error {
				_, err := s.SearchTimeline(ctx, inc, "no-such-text", from, true)
				return err
			}},
			// The filters (F) and the search's "3 of 41": a page of human
			// decisions, of unreviewed steps, and of one actor's rows from
			// the cursor; the count of a search's matches, capped.
			{"filter-page-human", func() error {
				_, err := s.FilteredTimeline(ctx, inc, model.TimelineFilter{Kinds: []model.EventKind{model.KindDecision}}, &from, true, chunk)
				return err
			}},
			{"filter-page-unreviewed", func() error {
				_, err := s.FilteredTimeline(ctx, inc, model.TimelineFilter{Unreviewed: true}, &from, true, chunk)
				return err
			}},
			{"filter-page-actor", func() error {
				_, err := s.FilteredTimeline(ctx, inc, model.TimelineFilter{Actor: step.Actor}, &from, true, chunk)
				return err
			}},
			// An actor with no row walks the rest of the incident: the
			// worst case of a filter.
			{"filter-page-no-such-actor", func() error {
				_, err := s.FilteredTimeline(ctx, inc, model.TimelineFilter{Actor: "nobody-at-all"}, &from, true, chunk)
				return err
			}},
			{"filter-page-findings", func() error { return findings.page(&from, true, chunk).err }},
			{"search-count", func() error {
				_, err := s.CountTimeline(ctx, inc, model.TimelineFilter{Text: "revoke"}, &from, countCap)
				return err
			}},
		}
		for _, c := range calls {
			b.Run(fmt.Sprintf("%s/%s", c.name, t.name), func(b *testing.B) {
				for b.Loop() {
					if err := c.call(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// buildBenchDB writes one generated incident of n events into a new
// database at path through the public import.
func buildBenchDB(ctx context.Context, path string, n int) error {
	d, err := db.Open(ctx, path)
	if err != nil {
		return err
	}
	defer d.Close()
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(fixtures.Generate(pw, fixtures.GenOptions{Incidents: 1, Events: n, Seed: 7}))
	}()
	_, err = d.ImportStream(ctx, fmt.Sprintf("generated-%d.ndjson", n), pr, "bench")
	pr.CloseWithError(err)
	return err
}

package train

import (
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/safetext"
)

// record is one timed record of an incident with the text it holds.
type record struct {
	id    string
	at    time.Time
	texts []string
}

func eventTexts(e model.Event) []string {
	out := []string{e.Summary, e.Detail, e.Rationale, e.ConfidenceCue, e.RawOutput}
	if e.Action != nil {
		out = append(out, e.Action.Detail)
	}
	for _, a := range e.Alternatives {
		out = append(out, a.Detail)
	}
	for _, a := range e.AlternativesRejected {
		out = append(out, a.Reason, a.Action.Detail)
	}
	return out
}

func evidenceTexts(e model.Evidence) []string { return []string{e.Summary, e.URI, e.SHA256} }

// timeline lists an incident's events and evidence in timeline order.
func timeline(doc model.Document) []record {
	var out []record
	for _, e := range doc.Events {
		out = append(out, record{e.ID, e.At, eventTexts(e)})
	}
	for _, e := range doc.Evidence {
		out = append(out, record{e.ID, e.CollectedAt, evidenceTexts(e)})
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].at.Equal(out[j].at) {
			return out[i].at.Before(out[j].at)
		}
		return out[i].id < out[j].id
	})
	return out
}

// normal strips styles, spaces and box drawing, so wrapped text reads as
// one run of characters.
func normal(s string) string {
	var b strings.Builder
	for _, r := range ansi.Strip(s) {
		if unicode.IsSpace(r) || r >= 0x2500 && r <= 0x257F {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// needle is the start of a text as the screen would show it: long texts
// are wrapped or cut, so their first 40 characters stand for them.
func needle(text string) string {
	n := []rune(normal(string(safetext.Line(text))))
	return string(n[:min(len(n), 40)])
}

func idPattern(id string) *regexp.Regexp {
	return regexp.MustCompile(`(^|[^\w-])` + regexp.QuoteMeta(id) + `($|[^\w-])`)
}

// leakChecker knows, at one moment, which texts may not be on screen.
type leakChecker struct {
	ids   []string // ids of later records
	texts []string // needles of later texts
}

// newLeakChecker splits the incident at the record now (index i of the
// timeline): everything after it is forbidden unless the same text is
// also in something allowed (an earlier record, the roster, or the
// records a reveal is entitled to show).
func newLeakChecker(doc model.Document, tl []record, i int, allowed []record) leakChecker {
	var known strings.Builder
	var knownIDs []string
	for _, r := range append(append([]record{}, tl[:i+1]...), allowed...) {
		knownIDs = append(knownIDs, r.id)
		for _, t := range r.texts {
			known.WriteString(t + "\n")
		}
	}
	for _, p := range doc.People {
		known.WriteString(p.Name + "\n" + p.ID + "\n")
	}
	for _, a := range doc.Agents {
		known.WriteString(a.Name + "\n" + a.ID + "\n" + a.Model + "\n")
	}
	for _, a := range doc.Assets {
		known.WriteString(a.ID + "\n")
	}
	knownText := known.String()
	knownNormal := normal(string(safetext.Line(knownText)))
	isAllowed := map[string]bool{}
	for _, id := range knownIDs {
		isAllowed[id] = true
	}
	var c leakChecker
	later := append([]record{}, tl[i+1:]...)
	for _, r := range doc.Reviews {
		later = append(later, record{id: "", texts: []string{r.Note}})
	}
	for _, r := range later {
		if r.id != "" && !isAllowed[r.id] && !idPattern(r.id).MatchString(knownText) {
			c.ids = append(c.ids, r.id)
		}
		for _, t := range r.texts {
			n := needle(t)
			if len([]rune(n)) < 8 || strings.Contains(knownNormal, n) {
				continue
			}
			c.texts = append(c.texts, n)
		}
	}
	return c
}

func (c leakChecker) check(t *testing.T, where, screen string) {
	t.Helper()
	plain := ansi.Strip(screen)
	flat := normal(screen)
	for _, id := range c.ids {
		if idPattern(id).MatchString(plain) {
			t.Errorf("%s shows the id of the later record %s:\n%s", where, id, plain)
		}
	}
	for _, n := range c.texts {
		if strings.Contains(flat, n) {
			t.Errorf("%s shows later text %q:\n%s", where, n, plain)
		}
	}
}

// stepRecords are what a reveal of subject may show: the step's decisions,
// executions, reviews and evidence.
func stepRecords(doc model.Document, subject string) []record {
	for _, s := range review.Steps(doc) {
		if s.Subject != subject {
			continue
		}
		var out []record
		for _, e := range append(append([]model.Event{}, s.Decisions...), s.Executions...) {
			out = append(out, record{e.ID, e.At, eventTexts(e)})
		}
		for _, e := range s.Evidence {
			out = append(out, record{e.ID, e.CollectedAt, evidenceTexts(e)})
		}
		for _, r := range s.Reviews {
			out = append(out, record{texts: []string{r.Note}})
		}
		return out
	}
	return nil
}

func TestNoViewShowsWhatHappensLater(t *testing.T) {
	store := openFixtures(t)
	choices := [][]string{{"r"}, {"a"}, {"m", "end"}, {"d"}}
	for _, name := range fixtures.Incidents() {
		doc, err := fixtures.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		tl := timeline(doc)
		for _, size := range [][2]int{{80, 24}, {200, 60}} {
			t.Run(name+" shows nothing after now at any step", func(t *testing.T) {
				m := newTestModel(t, store, doc.Incident.ID, "tomas", size[0], size[1])
				points := 0
				for i := range tl {
					now := m.replay.now()
					if now == nil || now.ID != tl[i].id {
						t.Fatalf("step %d: the replay is at %v, the timeline at %s", i, now, tl[i].id)
					}
					c := newLeakChecker(doc, tl, i, nil)
					where := doc.Incident.ID + " at " + tl[i].id
					c.check(t, where, m.View())
					c.check(t, where+" (whole pane)", m.content())
					if m.phase == phaseChoose {
						keys := choices[points%len(choices)]
						points++
						press(t, m, keys[0])
						c.check(t, where+" (form)", m.View())
						if len(keys) > 1 {
							typeText(t, m, " or so")
							press(t, m, "tab")
						}
						typeText(t, m, "my reason")
						press(t, m, "enter")
						if m.phase != phaseReveal {
							t.Fatalf("%s: after enter the screen is in phase %d, not the reveal: %s", where, m.phase, m.status)
						}
						r := newLeakChecker(doc, tl, i, stepRecords(doc, tl[i].id))
						r.check(t, where+" (reveal)", m.content())
					} else if m.phase != phaseWatch {
						t.Fatalf("%s: the screen is in phase %d: %v", where, m.phase, m.Err())
					}
					press(t, m, "space")
				}
				if m.phase != phaseScore {
					t.Fatalf("after the last row the screen is in phase %d, not the scorecard: %v", m.phase, m.Err())
				}
				if points != len(m.card.Steps) {
					t.Errorf("the trainee chose at %d points; the scorecard has %d", points, len(m.card.Steps))
				}
			})
		}
	}
}

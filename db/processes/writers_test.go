package processes_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/signoff/signoff/db"
)

// Eight processes each record two hundred verdicts and two hundred
// decisions at once, on one database: every write acknowledged is held
// exactly once, nothing else is, and the record verifies.
func TestManyProcessesWriteAtOnceAndNothingIsLost(t *testing.T) {
	if testing.Short() {
		t.Skip("runs eight processes")
	}
	eachEngine(t, func(t *testing.T, fresh fresh) {
		path := sharedDB(t, fresh)
		var wg sync.WaitGroup
		acks := make([][]string, writersPerTest)
		decided := make([][]string, writersPerTest)
		fails := make([]string, writersPerTest)
		for w := 0; w < writersPerTest; w++ {
			cmd, out := child(t, "writer", path, childName+"="+fmt.Sprintf("writer %d", w), childN+"="+strconv.Itoa(writesPerWriter),
				childDecide+"="+strconv.Itoa(w))
			wg.Add(1)
			go func() {
				defer wg.Done()
				for out.Scan() {
					line := out.Text()
					if note, ok := strings.CutPrefix(line, "ack "); ok {
						acks[w] = append(acks[w], note)
					} else if s, ok := strings.CutPrefix(line, "decided "); ok {
						decided[w] = append(decided[w], s)
					} else {
						fails[w] = line
					}
				}
				cmd.Wait()
			}()
		}
		wg.Wait()
		for w, f := range fails {
			if f != "" {
				t.Errorf("writer %d surfaced an error after %d verdicts and %d decisions: %s", w, len(acks[w]), len(decided[w]), f)
			}
		}
		d, err := db.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		notes := notesOf(t, path)
		lost, total := 0, 0
		for _, a := range acks {
			total += len(a)
			for _, note := range a {
				if notes[note] != 1 {
					lost++
				}
			}
		}
		if want := writersPerTest * writesPerWriter; lost > 0 || total != want || len(notes) != want+sampleReviews(t) {
			t.Errorf("%d verdicts acknowledged of %d, %d held; %d of them are not held exactly once", total, want, len(notes)-sampleReviews(t), lost)
		}
		lines, err := d.DecisionsSince(context.Background(), 0, 10*writersPerTest*writesPerWriter)
		if err != nil {
			t.Fatal(err)
		}
		held := map[string]int{}
		for _, l := range lines {
			held[l.Suggestion]++
		}
		lost, total = 0, 0
		for _, ds := range decided {
			total += len(ds)
			for _, s := range ds {
				if held[s] != 1 {
					lost++
				}
			}
		}
		if want := writersPerTest * writesPerWriter; lost > 0 || total != want || len(lines) != want {
			t.Errorf("%d decisions acknowledged of %d, %d in the stream; %d of them are not there exactly once", total, want, len(lines), lost)
		}
		if res, err := d.Verify(context.Background()); err != nil || !res.Intact {
			t.Errorf("after the writers: %s, %v", res, err)
		}
	})
}

// Processes deciding the same suggestions at once: exactly one decides
// each, and every other is told who decided it and when.
func TestProcessesRacingToDecideLeaveOneDecisionEach(t *testing.T) {
	if testing.Short() {
		t.Skip("runs several processes")
	}
	eachEngine(t, func(t *testing.T, fresh fresh) {
		path := sharedDB(t, fresh)
		racers := []string{"bob", "carol", "dave", "erin", "frank", "grace"}
		var mu sync.Mutex
		winners := map[string][]string{}
		losses := map[string][]string{} // suggestion -> the losers' sentences
		var wg sync.WaitGroup
		for _, person := range racers {
			cmd, out := child(t, "racer", path, childName+"="+person)
			wg.Add(1)
			go func() {
				defer wg.Done()
				for out.Scan() {
					f := strings.SplitN(out.Text(), " ", 3)
					mu.Lock()
					switch {
					case f[0] == "won":
						winners[f[1]] = append(winners[f[1]], person)
					case f[0] == "lost" && len(f) == 3:
						losses[f[1]] = append(losses[f[1]], f[2])
					default:
						t.Errorf("%s: %s", person, out.Text())
					}
					mu.Unlock()
				}
				cmd.Wait()
			}()
		}
		wg.Wait()
		for i := 0; i < racedSuggestions; i++ {
			s := fmt.Sprintf("P-race-%d", i)
			if len(winners[s]) != 1 || len(losses[s]) != len(racers)-1 {
				t.Errorf("%s: won by %v, lost %d times", s, winners[s], len(losses[s]))
				continue
			}
			for _, l := range losses[s] {
				if !strings.Contains(l, "already decided by "+winners[s][0]+" at ") {
					t.Errorf("%s was decided by %s; a loser was told %q", s, winners[s][0], l)
				}
			}
		}
		d, err := db.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		lines, err := d.DecisionsSince(context.Background(), 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) != racedSuggestions {
			t.Errorf("the decisions stream holds %d decisions; want one for each of %d suggestions", len(lines), racedSuggestions)
		}
		if res, err := d.Verify(context.Background()); err != nil || !res.Intact {
			t.Errorf("after the race: %s, %v", res, err)
		}
	})
}

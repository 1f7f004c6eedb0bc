package serve

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/signoff/signoff/review/signing"
)

// annotate records a verdict of followed on suggestion id of INC-LOAD from
// the picker: filter to the incident, open it, search for the decision,
// and save the verdict with a note. Other people's verdicts move the
// timeline meanwhile, so a form opened on another step is cancelled and
// the search made again.
func (tm *term) annotate(id string) error {
	tm.send("/", "INC-LOAD", "\r", "\r")
	if _, err := tm.waitFor(wait, "you: "); err != nil {
		return err
	}
	opened := false
	for try := 0; try < 10 && !opened; try++ {
		tm.send("/", "D-"+id, "\r")
		time.Sleep(200 * time.Millisecond)
		tm.send("f")
		got, err := tm.waitFor(3*time.Second, "re:Review verdict for S[0-9]+")
		if opened = err == nil && got == "Review verdict for "+id; !opened {
			tm.send("\x1b")
		}
	}
	if !opened {
		return fmt.Errorf("no verdict form opened on %s; the screen's last output:\n%s", id, tm.tail())
	}
	tm.send("\t", "2026 12", "\x13")
	_, err := tm.waitFor(wait, "Saved: followed for "+id+" as ")
	return err
}

func TestTwentyPeopleWorkTheSameQueueAsThemselves(t *testing.T) {
	people := 20
	if raceEnabled {
		// Twenty sessions under the race detector on two cores outrun
		// every wait; six still decide and annotate at once.
		people = 6
	}
	f := start(t, people, people, nil)
	type result struct {
		person, decided string
		err             error
	}
	results := make(chan result, people)
	var wg sync.WaitGroup
	for i := 1; i <= people; i++ {
		who := fmt.Sprintf("p%02d", i)
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := result{person: who}
			defer func() { results <- r }()
			tm := f.open(who, 100, 30)
			if _, r.err = tm.waitFor(wait, "signoff · "+who+" ("); r.err != nil {
				return
			}
			tm.send("P")
			if _, r.err = tm.waitFor(wait, "deciding as "+who); r.err != nil {
				return
			}
			// Start on different items, as people reading a queue do; a
			// person beaten to an item tries the next one.
			for j := 1; j < i; j++ {
				tm.send("j")
			}
			for attempt := 0; attempt < people && r.decided == "" && r.err == nil; attempt++ {
				r.decided, r.err = tm.decide()
			}
			if r.err == nil && r.decided == "" {
				r.err = fmt.Errorf("%s decided nothing in %d attempts", who, people)
			}
			if r.err != nil {
				return
			}
			tm.send("q")
			if _, r.err = tm.waitFor(wait, "signoff · "+who+" ("); r.err != nil {
				return
			}
			if r.err = tm.annotate(r.decided); r.err != nil {
				return
			}
			if code, err := tm.quit(); err != nil || code != 0 {
				r.err = fmt.Errorf("%s's session ended with %d, %v", who, code, err)
			}
		}()
	}
	wg.Wait()
	close(results)

	decidedBy := map[string]string{} // suggestion → the person whose screen said it was recorded
	for r := range results {
		if r.err != nil {
			t.Errorf("%s: %v", r.person, r.err)
			continue
		}
		if other, twice := decidedBy[r.decided]; twice {
			t.Errorf("%s and %s were both told they decided %s", other, r.person, r.decided)
		}
		decidedBy[r.decided] = r.person
	}
	doc, err := f.store.Document(context.Background(), "INC-LOAD")
	if err != nil {
		t.Fatal(err)
	}
	stored := 0
	for _, e := range doc.Events {
		if e.Suggestion == "" {
			continue
		}
		stored++
		want := decidedBy[e.Suggestion]
		if e.Owner != want || e.SessionKey != signing.Fingerprint(f.keys[want].PublicKey()) {
			t.Errorf("%s is stored as decided by %s with key %s; the screen told %s", e.ID, e.Owner, e.SessionKey, want)
		}
	}
	if stored != len(decidedBy) || stored != people {
		t.Errorf("%d decisions stored, %d reported on screens, %d people", stored, len(decidedBy), people)
	}
	reviewed := map[string]bool{}
	for _, r := range doc.Reviews {
		if decidedBy[r.Subject] != r.Reviewer || r.SessionKey != signing.Fingerprint(f.keys[r.Reviewer].PublicKey()) || r.Note != "2026 12" {
			t.Errorf("verdict on %s by %s (key %s, note %q) does not match who decided it (%s)", r.Subject, r.Reviewer, r.SessionKey, r.Note, decidedBy[r.Subject])
		}
		reviewed[r.Subject] = true
	}
	if len(reviewed) != people || len(doc.Reviews) != people {
		t.Errorf("%d verdicts on %d subjects; want one by each of %d people", len(doc.Reviews), len(reviewed), people)
	}
	if v, err := f.store.Verify(context.Background()); err != nil || !v.Intact {
		t.Errorf("the audit chain after the load: %v, %v", v, err)
	}
	if n := len(f.srv.sessions.all()); n != 0 {
		t.Errorf("%d sessions still registered after every client left", n)
	}
	if strings.Count(f.log.String(), `msg="session started"`) != people {
		t.Errorf("the log does not show %d sessions", people)
	}
}

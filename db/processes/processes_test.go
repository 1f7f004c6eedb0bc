package processes_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// The test binary runs itself as a child (childEnv names what the child
// does) that writes through the store and prints "ack" after each write
// it was told committed. The parent counts the acknowledgements, kills
// children at will, and then reads what the database holds.

const (
	childEnv   = "SIGNOFF_TEST_CHILD"
	childDB    = "SIGNOFF_TEST_CHILD_DB"
	childName  = "SIGNOFF_TEST_CHILD_NAME"
	childN     = "SIGNOFF_TEST_CHILD_N"
	childInput = "SIGNOFF_TEST_CHILD_INPUT"
	// childDecide names the suggestions a writer decides: P-<it>-<i>.
	childDecide = "SIGNOFF_TEST_CHILD_DECIDE"
)

func TestMain(m *testing.M) {
	if what := os.Getenv(childEnv); what != "" {
		os.Exit(runChild(what))
	}
	os.Exit(m.Run())
}

var rules = review.DecisionChecker(review.DefaultPolicy())

// runChild is the child's whole life; its exit status says how it ended.
func runChild(what string) int {
	ctx := context.Background()
	d, err := db.Open(ctx, os.Getenv(childDB))
	if err != nil {
		fmt.Println("err", err)
		return 3
	}
	defer d.Close()
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	switch what {
	case "writer":
		n, _ := strconv.Atoi(os.Getenv(childN))
		name := os.Getenv(childName)
		// Verdicts that agree with the record: the sample's S2 was
		// modified, its D7 has no AI.
		subjects := []string{"S2", "D7"}
		verdicts := []model.Verdict{model.VerdictModified, model.VerdictNone}
		for i := 0; i < n; i++ {
			note := fmt.Sprintf("%s write %d", name, i)
			_, err := d.RecordReview(ctx, sampleIncident, model.Review{Subject: subjects[i%2], Reviewer: "mara",
				Verdict: verdicts[i%2], OutcomeChanged: "unknown", AICorrect: "unknown", Note: note})
			if err != nil {
				fmt.Fprintln(out, "err", model.ErrorCode(err), err)
				return 3
			}
			fmt.Fprintln(out, "ack", note)
			out.Flush()
			if decisions := os.Getenv(childDecide); decisions != "" {
				// Each writer decides suggestions of its own, between its verdicts.
				s := fmt.Sprintf("P-%s-%d", decisions, i)
				if _, err := d.Decide(ctx, model.DecideRequest{Incident: queueIncident, Suggestion: s, Person: "alice",
					Outcome: model.OutcomeApproved, Rationale: note}, rules); err != nil {
					fmt.Fprintln(out, "err", model.ErrorCode(err), err)
					return 3
				}
				fmt.Fprintln(out, "decided", s)
				out.Flush()
			}
		}
	case "racer":
		// Every racer decides the same suggestions, in an order of its own.
		person := os.Getenv(childName)
		order := rand.New(rand.NewSource(int64(len(person)) + time.Now().UnixNano())).Perm(racedSuggestions)
		for _, i := range order {
			s := fmt.Sprintf("P-race-%d", i)
			_, err := d.Decide(ctx, model.DecideRequest{Incident: queueIncident, Suggestion: s, Person: person,
				Outcome: model.OutcomeApproved, Rationale: "mine"}, rules)
			switch {
			case err == nil:
				fmt.Fprintln(out, "won", s)
			case model.ErrorCode(err) == model.ECONFLICT:
				fmt.Fprintln(out, "lost", s, model.ErrorMessage(err))
			default:
				fmt.Fprintln(out, "err", model.ErrorCode(err), err)
				return 3
			}
			out.Flush()
		}
	case "importer":
		f, err := os.Open(os.Getenv(childInput))
		if err != nil {
			fmt.Fprintln(out, "err", err)
			return 3
		}
		defer f.Close()
		fmt.Fprintln(out, "start")
		out.Flush()
		if _, err := d.ImportStream(ctx, "feed.ndjson", bufio.NewReader(f), "importer"); err != nil {
			fmt.Fprintln(out, "err", err)
			return 3
		}
		fmt.Fprintln(out, "ack import")
	}
	return 0
}

// child starts the test binary as a child doing what, with env.
func child(t *testing.T, what, address string, env ...string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run", "^$")
	cmd.Env = append(os.Environ(), append([]string{childEnv + "=" + what, childDB + "=" + address}, env...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewScanner(stdout)
}

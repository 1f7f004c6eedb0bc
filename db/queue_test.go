package db

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// openQueue opens a database holding the open INC-2046 (pending
// suggestions) and the resolved INC-2041 (none may show in the queue).
func openQueue(t *testing.T) *DB {
	t.Helper()
	d := openTest(t)
	loadFixture(t, d, "inc-2046-mcp-token-open-queue.json")
	loadFixture(t, d, "inc-2041-ide-extension-token-theft.json")
	return d
}

func loadFixture(t *testing.T, d *DB, name string) {
	t.Helper()
	b, err := fixtures.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	asOfSamples(d, func() {
		if _, err := d.ImportDocument(context.Background(), name, bytes.NewReader(b), "importer"); err != nil {
			t.Fatal(err)
		}
	})
}

var rules = review.DecisionChecker(review.DefaultPolicy())

func decide(d *DB, person, suggestion string, outcome model.Outcome) (model.DecideResult, error) {
	return d.Decide(context.Background(), model.DecideRequest{Incident: "INC-2046", Suggestion: suggestion, Person: person,
		Outcome: outcome, Rationale: "read the audit log", Evidence: []string{"EV-2"}}, rules)
}

func queueKeys(t *testing.T, d *DB) []string {
	t.Helper()
	q, err := d.PendingQueue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	review.SortQueue(review.DefaultPolicy(), q.Items)
	var keys []string
	for _, it := range q.Items {
		keys = append(keys, it.Key()+":"+string(it.Tier))
	}
	return keys
}

func TestPendingQueueListsOpenIncidentsUndecidedSuggestionsInOrder(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		got := strings.Join(queueKeys(t, d), " ")
		want := "INC-2046/S3:critical INC-2046/S4:critical INC-2046/S6:high INC-2046/S5:medium INC-2046/S8:low"
		if got != want {
			t.Errorf("queue\n got %s\nwant %s", got, want)
		}
		q, _ := d.PendingQueue(context.Background())
		byID := map[string]model.PendingItem{}
		for _, it := range q.Items {
			byID[it.Suggestion] = it
		}
		s3, s4 := byID["S3"], byID["S4"]
		if !s3.Preserved || s4.Preserved {
			t.Errorf("preserved: S3 %v (EV-1, EV-2 are for its token), S4 %v (nothing for mining-vm)", s3.Preserved, s4.Preserved)
		}
		if s3.Target == nil || !s3.Target.Privileged || s3.Confidence == nil || *s3.Confidence != 0.91 || s3.Rank != 1 || s3.Action.Detail == "" {
			t.Errorf("S3 row misses what the suggestion says: %+v", s3)
		}
		if s4.ExpiresAt == nil || !s4.ExpiresAt.Equal(time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("S4 expires_at %v", s4.ExpiresAt)
		}
		if s3.IncidentTitle == "" || s3.Severity != model.Sev2 || s3.Agent != "remediator" {
			t.Errorf("S3 incident or agent missing: %+v", s3)
		}
		n, _, _ := d.ChainHead(context.Background())
		if q.Seq != n {
			t.Errorf("snapshot seq %d; want the chain head %d", q.Seq, n)
		}
	})
}

func TestPendingDetailHasWhatAnOwnerReads(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		pd, err := d.PendingDetail(context.Background(), "INC-2046", "S3")
		if err != nil {
			t.Fatal(err)
		}
		if pd.Suggestion.Rationale == "" || len(pd.Suggestion.Alternatives) != 1 {
			t.Errorf("suggestion not loaded whole: %+v", pd.Suggestion)
		}
		if got := evIDs(pd.Cited); got != "EV-1 EV-2" {
			t.Errorf("cited %s; want EV-1 EV-2", got)
		}
		if got := evIDs(pd.TargetEvidence); got != "EV-1 EV-2" {
			t.Errorf("target evidence %s", got)
		}
		if len(pd.Chain) != 2 || pd.Chain[0].ID != "remediator" || pd.Chain[1].ID != "triage" {
			t.Errorf("agent chain %+v; want remediator then triage", pd.Chain)
		}
		if len(pd.People) != 5 || len(pd.Evidence) != 4 {
			t.Errorf("people %d, evidence %d; want 5 and 4", len(pd.People), len(pd.Evidence))
		}
		_, err = d.PendingDetail(context.Background(), "INC-2046", "S7")
		wantError(t, err, model.ENOTFOUND, "INC-2046/S7 is not a pending suggestion")
	})
}

func evIDs(ev []model.Evidence) string {
	var ids []string
	for _, e := range ev {
		ids = append(ids, e.ID)
	}
	return strings.Join(ids, " ")
}

func TestACriticalActionNeedsTwoPeople(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		ctx := context.Background()
		res, err := decide(d, "alice", "S3", model.OutcomeApproved)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Awaiting || res.Decision != nil || res.FirstApproval.By != "alice" || res.Tier != model.TierCritical {
			t.Fatalf("first approval result %+v", res)
		}
		q, _ := d.PendingQueue(ctx)
		var s3 *model.PendingItem
		for i := range q.Items {
			if q.Items[i].Suggestion == "S3" {
				s3 = &q.Items[i]
			}
		}
		if s3 == nil || s3.FirstApproval == nil || s3.FirstApproval.By != "alice" {
			t.Fatalf("S3 does not show it awaits a second approval: %+v", s3)
		}

		t.Run("the first approver cannot give the second approval", func(t *testing.T) {
			before := stateOf(t, d)
			_, err := decide(d, "alice", "S3", model.OutcomeApproved)
			wantError(t, err, model.EFORBIDDEN, "alice already gave the first approval")
			if after := stateOf(t, d); after != before {
				t.Errorf("a refused decision wrote: %+v → %+v", before, after)
			}
		})
		t.Run("a medium analyst cannot give it either", func(t *testing.T) {
			_, err := decide(d, "tomas", "S3", model.OutcomeApproved)
			wantError(t, err, model.EFORBIDDEN, "tomas (authority medium) cannot approve S3 of INC-2046")
		})
		t.Run("a second high-authority person makes it final", func(t *testing.T) {
			res, err := decide(d, "dave", "S3", model.OutcomeApproved)
			if err != nil {
				t.Fatal(err)
			}
			dec := res.Decision
			if res.Awaiting || dec == nil || dec.ID != "D-S3" || dec.Owner != "dave" || len(dec.Approvals) != 2 ||
				dec.Approvals[0].By != "alice" || dec.Approvals[1].By != "dave" {
				t.Fatalf("final decision %+v", dec)
			}
		})
		t.Run("the decision is part of the record like an imported one", func(t *testing.T) {
			step, err := d.Step(ctx, "INC-2046", "D-S3")
			if err != nil || step.Subject != "S3" || len(step.Decisions) != 1 || step.Decisions[0].ID != "D-S3" {
				t.Fatalf("step %+v, %v", step, err)
			}
			rows, err := d.TimelineAfter(ctx, "INC-2046", nil, 1000)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, r := range rows {
				found = found || (r.ID == "D-S3" && r.Kind == model.KindDecision && r.Subject == "S3")
			}
			if !found {
				t.Errorf("D-S3 is not in the timeline")
			}
			doc, err := d.Document(ctx, "INC-2046")
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range review.Findings(doc, review.DefaultPolicy()) {
				if f.Subject == "D-S3" && f.Level == "error" {
					t.Errorf("the queue's decision has an error finding: %+v", f)
				}
			}
			if keys := strings.Join(queueKeys(t, d), " "); strings.Contains(keys, "S3") {
				t.Errorf("S3 is still in the queue: %s", keys)
			}
		})
		t.Run("anyone deciding it afterwards is told who did", func(t *testing.T) {
			_, err := decide(d, "alice", "S3", model.OutcomeRejected)
			wantError(t, err, model.ECONFLICT, "already decided by dave at 2026-03-01 12:00:00 UTC")
		})
	})
}

func TestARefusedDecisionWritesNothing(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		tests := []struct {
			name string
			req  model.DecideRequest
			code string
		}{
			{"no rationale", model.DecideRequest{Incident: "INC-2046", Suggestion: "S5", Person: "tomas", Outcome: model.OutcomeApproved}, model.EINVALID},
			{"an agent", model.DecideRequest{Incident: "INC-2046", Suggestion: "S5", Person: "triage", Outcome: model.OutcomeApproved, Rationale: "x"}, model.EFORBIDDEN},
			{"unknown evidence", model.DecideRequest{Incident: "INC-2046", Suggestion: "S5", Person: "tomas", Outcome: model.OutcomeApproved, Rationale: "x", Evidence: []string{"EV-404"}}, model.EINVALID},
			{"a deferred suggestion", model.DecideRequest{Incident: "INC-2046", Suggestion: "S7", Person: "alice", Outcome: model.OutcomeApproved, Rationale: "x"}, model.ECONFLICT},
			{"an auto-executed suggestion", model.DecideRequest{Incident: "INC-2046", Suggestion: "S1", Person: "alice", Outcome: model.OutcomeApproved, Rationale: "x"}, model.ECONFLICT},
			{"a resolved incident", model.DecideRequest{Incident: "INC-2041", Suggestion: "S1", Person: "alice", Outcome: model.OutcomeApproved, Rationale: "x"}, model.ECONFLICT},
			{"a missing suggestion", model.DecideRequest{Incident: "INC-2046", Suggestion: "S99", Person: "alice", Outcome: model.OutcomeApproved, Rationale: "x"}, model.ENOTFOUND},
			{"a missing incident", model.DecideRequest{Incident: "INC-1", Suggestion: "S1", Person: "alice", Outcome: model.OutcomeApproved, Rationale: "x"}, model.ENOTFOUND},
		}
		for _, tt := range tests {
			t.Run(tt.name+" is refused and leaves the record as it was", func(t *testing.T) {
				before := stateOf(t, d)
				_, err := d.Decide(context.Background(), tt.req, rules)
				if code(err) != tt.code {
					t.Fatalf("got %v (%s); want %s", err, code(err), tt.code)
				}
				if after := stateOf(t, d); after != before {
					t.Errorf("a refused decision wrote: %+v → %+v", before, after)
				}
			})
		}
	})
}

func TestAnExpiredSuggestionCanBeRejectedButNotApproved(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		expiry := time.Date(2026, 11, 25, 10, 26, 0, 0, time.UTC) // S6 expires now
		d := openTest(t, WithClock(func() time.Time { return expiry }))
		loadFixture(t, d, "inc-2046-mcp-token-open-queue.json")
		_, err := decide(d, "alice", "S6", model.OutcomeApproved)
		wantError(t, err, model.EINVALID, "S6 of INC-2046 expired at 2026-11-25 10:26:00 UTC")
		res, err := decide(d, "alice", "S6", model.OutcomeRejected)
		if err != nil {
			t.Fatal(err)
		}
		if res.Decision.Outcome != model.OutcomeRejected || res.Decision.Action != nil {
			t.Errorf("rejection %+v", res.Decision)
		}
	})
}

func TestConcurrentDecidersStoreExactlyOneDecision(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "race.db")
		first, err := Open(context.Background(), path, fixedClock)
		if err != nil {
			t.Fatal(err)
		}
		defer first.Close()
		loadFixture(t, first, "inc-2046-mcp-token-open-queue.json")
		people := []string{"tomas", "alice", "dave", "mara", "tomas", "alice", "dave", "mara"}
		errs := make([]error, len(people))
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i, who := range people {
			// Each decider has its own pool, as separate workstations would.
			d, err := Open(context.Background(), path, fixedClock)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = decide(d, who, "S5", model.OutcomeApproved)
			}()
		}
		close(start)
		wg.Wait()
		winner := ""
		for i, err := range errs {
			if err == nil {
				if winner != "" {
					t.Fatalf("both %s and %s decided S5", winner, people[i])
				}
				winner = people[i]
			}
		}
		if winner == "" {
			t.Fatalf("nobody decided S5: %v", errs)
		}
		for i, err := range errs {
			if err != nil {
				// A loser who is the winner's own person is told "by you".
				by := winner
				if people[i] == winner {
					by = "you (" + winner + ")"
				}
				wantError(t, err, model.ECONFLICT, "already decided by "+by+" at 2026-03-01 12:00:00 UTC")
			}
		}
		lines, err := first.DecisionsSince(context.Background(), 0, 100)
		if err != nil || len(lines) != 1 || lines[0].Owner != winner {
			t.Fatalf("decisions %+v, %v; want one by %s", lines, err, winner)
		}
	})
}

func TestApproveExportImportRoundTrips(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueueOnItsDay(t)
		ctx := context.Background()
		detail := "Deny 198.51.100.23 at the edge firewall only"
		res, err := d.Decide(ctx, model.DecideRequest{Incident: "INC-2046", Suggestion: "S5", Person: "tomas", Outcome: model.OutcomeApproved,
			Rationale: "cheap and reversible", Evidence: []string{"EV-3"}, ActionDetail: &detail}, rules)
		if err != nil {
			t.Fatal(err)
		}
		if res.Decision.Outcome != model.OutcomeModified {
			t.Errorf("outcome %s; want modified", res.Decision.Outcome)
		}
		if _, err := decide(d, "alice", "S4", model.OutcomeApproved); err != nil { // a first approval travels only in the chain
			t.Fatal(err)
		}
		exported := exportOf(t, d, "INC-2046")
		if !bytes.Contains(exported, []byte(`"id": "D-S5"`)) {
			t.Fatalf("the export lacks D-S5")
		}
		second := openTest(t, onQueueDay)
		if _, err := second.ImportDocument(ctx, "export.json", bytes.NewReader(exported), "importer"); err != nil {
			t.Fatalf("the export does not import: %v", err)
		}
		if again := exportOf(t, second, "INC-2046"); !bytes.Equal(exported, again) {
			t.Errorf("export → import → export differs")
		}
		_, err = second.Decide(ctx, model.DecideRequest{Incident: "INC-2046", Suggestion: "S5", Person: "alice", Outcome: model.OutcomeRejected, Rationale: "x"}, rules)
		wantError(t, err, model.ECONFLICT, "already decided by tomas")
	})
}

func TestDecisionsSinceResumesAfterASeq(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		ctx := context.Background()
		for _, s := range []string{"S5", "S8", "S6"} {
			if _, err := decide(d, "alice", s, model.OutcomeApproved); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := decide(d, "alice", "S4", model.OutcomeApproved); err != nil { // first approval: not a decision
			t.Fatal(err)
		}
		all, err := d.DecisionsSince(ctx, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 3 || all[0].Decision != "D-S5" || all[1].Decision != "D-S8" || all[2].Decision != "D-S6" {
			t.Fatalf("decisions %+v", all)
		}
		if !(all[0].Seq < all[1].Seq && all[1].Seq < all[2].Seq) {
			t.Errorf("seq not increasing: %d %d %d", all[0].Seq, all[1].Seq, all[2].Seq)
		}
		rest, err := d.DecisionsSince(ctx, all[0].Seq, 1)
		if err != nil || len(rest) != 1 || rest[0].Decision != "D-S8" {
			t.Errorf("since %d limit 1: %+v %v", all[0].Seq, rest, err)
		}
		if a := all[0]; a.Owner != "alice" || a.Outcome != model.OutcomeApproved || a.Action == nil || a.Action.Type != "block_ip" ||
			len(a.Approvals) != 1 || a.Incident != "INC-2046" || a.Suggestion != "S5" {
			t.Errorf("line %+v", a)
		}
	})
}

func TestQueueRowsAreAppendOnly(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		if _, err := decide(d, "alice", "S4", model.OutcomeApproved); err != nil {
			t.Fatal(err)
		}
		if _, err := decide(d, "alice", "S5", model.OutcomeApproved); err != nil {
			t.Fatal(err)
		}
		for _, stmt := range []string{"UPDATE queue_approvals SET person = 'dave'", "DELETE FROM queue_approvals",
			"UPDATE queue_decisions SET suggestion = 'S6'", "DELETE FROM queue_decisions"} {
			_, err := d.sql.Exec(stmt)
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: got %v; want the append-only refusal", stmt, err)
			}
		}
	})
}

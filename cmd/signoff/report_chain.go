package main

import (
	"context"
	"slices"
	"time"

	"github.com/signoff/signoff/model/chain"
	"github.com/signoff/signoff/review"
)

// A report states the audit chain's status at its end. Its walk already
// checks every entry of the incident it reads (db.EachStepChecked), so
// the rest of the record is checked as the workstation checks it: from
// the check this machine remembers on, or whole when it remembers none
// (or when asked, --verify-all). The report says which (review.ChainCheck).

// reportCheck is the check of the record a report states beside its
// walk: against the checkpoint report --checkpoint read, whole and held
// to this machine's memory too, and remembered when intact (as verify
// --checkpoint); else checkRecord, whole with --verify-all.
func (a *app) reportCheck(ctx context.Context, s database) func() (recordCheck, error) {
	if cp := a.heldTo; cp != nil {
		return func() (recordCheck, error) {
			res, err := s.VerifyCheckpoint(ctx, *cp)
			if err == nil {
				rememberWhole(memoryFor(s.Address()), s.Address(), res, time.Now())
			}
			return recordCheck{res: res, whole: true}, err
		}
	}
	return func() (recordCheck, error) { return checkRecord(ctx, s, time.Now(), a.verifyAll) }
}

// reportChain runs walk while the record is checked beside it, and
// returns the chain's status: what the check found and what the walk's
// own check found, together.
func reportChain(ctx context.Context, s database, check func() (recordCheck, error), walk func() (chain.Pass, error)) (review.ChainStatus, error) {
	type checked struct {
		c   recordCheck
		err error
	}
	done := make(chan checked, 1)
	go func() {
		c, err := check()
		done <- checked{c, err}
	}()
	pass, err := walk()
	v := <-done
	if err != nil {
		return review.ChainStatus{}, err
	}
	if v.err != nil {
		return review.ChainStatus{}, v.err
	}
	return chainStatusOf(v.c, pass), nil
}

// chainStatusOf is the status a report states from the two checks.
func chainStatusOf(c recordCheck, pass chain.Pass) review.ChainStatus {
	res := withPass(c.res, pass)
	st := review.ChainStatus{Verified: res.Intact, Entries: res.Entries, Head: res.Head}
	if !res.Intact {
		st.Problem = res.String()
	}
	st.Check = review.ChainCheck{Scope: review.ScopeWhole, Incident: pass.Entries}
	if !c.whole {
		st.Check = review.ChainCheck{Scope: review.ScopeSince, Incident: pass.Entries, Since: c.from.Entries, WholeAt: c.from.Whole}
	}
	return st
}

// withPass is what the check of the record found, with the faults the
// walk's own check found that it did not (an entry of the incident edited
// in place before the remembered check), in entry order, so the problem
// reads as verify's would.
func withPass(res chain.VerifyResult, pass chain.Pass) chain.VerifyResult {
	known := make(map[int64]bool, len(res.Faults))
	for _, f := range res.Faults {
		known[f.Seq] = true
	}
	// Past the last fault the result kept, its count may already hold one.
	listed := res.Count == len(res.Faults)
	var lastKept int64
	if len(res.Faults) > 0 {
		lastKept = res.Faults[len(res.Faults)-1].Seq
	}
	faults := slices.Clone(res.Faults)
	added := 0
	for _, f := range pass.Faults {
		if known[f.Seq] || (!listed && f.Seq > lastKept) {
			continue
		}
		known[f.Seq] = true
		faults = append(faults, f)
		added++
	}
	if added == 0 {
		return res
	}
	slices.SortStableFunc(faults, func(a, b chain.Fault) int { return int(min(max(a.Seq-b.Seq, -1), 1)) })
	if len(faults) > chain.MaxFaults {
		faults = faults[:chain.MaxFaults]
	}
	res.Intact, res.Count, res.Faults, res.Fault = false, res.Count+added, faults, faults[0]
	return res
}

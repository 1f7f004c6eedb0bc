package main

import (
	"context"
	"fmt"
	"time"

	"github.com/signoff/signoff/model/chain"
	"github.com/signoff/signoff/tui/safetext"
)

// The commands that hand the record on or show it to people (export,
// findings, decisions, pending, incidents, status, handoff) read it entry
// by entry, and each entry they read is checked (db/read_check.go); but a
// record cut short, or rewritten from an entry to its end, reads intact.
// What this machine remembers of its last check shows both, so these
// commands hold the record to it, as the workstation, metrics and the
// report do (docs/DECISIONS.md, "Exports held to this machine's memory").

// memoryProblem is what the record no longer holds of the check this
// machine remembers of it: "" when it holds all of it, or when this
// machine remembers no check of the record (a whole check, verify's, is
// what judges a record never checked here, and would cost an export of
// one incident the whole record). It goes through what was appended since
// that check, as the workstation does, and a record that holds is
// remembered as it is now.
func memoryProblem(ctx context.Context, s database, now time.Time) (string, error) {
	if _, ok := memoryFor(s.Address()).load(s.Address()); !ok {
		return "", nil
	}
	c, err := checkRecord(ctx, s, now, false)
	if err != nil || c.res.Intact {
		return "", err
	}
	return c.res.String(), nil
}

// checkpointProblem is what the record no longer holds of the checkpoint
// in the file at path, by a whole check held to this machine's memory as
// well (signoff verify --checkpoint); "" when it holds both, and the check
// is then remembered, as verify's is.
func checkpointProblem(ctx context.Context, s database, path string) (string, error) {
	cp, err := loadCheckpoint(path)
	if err != nil {
		return "", err
	}
	res, err := s.VerifyCheckpoint(ctx, cp)
	if err != nil {
		return "", err
	}
	rememberWhole(memoryFor(s.Address()), s.Address(), res, time.Now())
	if res.Intact {
		return "", nil
	}
	return res.String(), nil
}

// loadCheckpoint reads and parses the checkpoint file at path.
func loadCheckpoint(path string) (chain.Checkpoint, error) {
	text, err := readCheckpoint(path)
	if err != nil {
		return chain.Checkpoint{}, err
	}
	return chain.ParseCheckpoint(path, string(text))
}

// showHeld runs show, which writes what the record holds, holding the
// record to the checkpoint in the file at checkpoint when one is named,
// else to this machine's memory of it. The check comes first: one that
// cannot run leaves no output, one that finds a fault leaves a whole one,
// written as the record stands, and then exits 1 saying what was written
// ("INC-7 was exported from" a record that does not verify) and the
// fault. An error of show's own is returned, with the fault said before.
func (a *app) showHeld(ctx context.Context, s database, checkpoint, shownFrom string, show func() error) error {
	var problem string
	var err error
	if checkpoint != "" {
		problem, err = checkpointProblem(ctx, s, checkpoint)
	} else {
		problem, err = memoryProblem(ctx, s, time.Now())
	}
	if err != nil {
		return err
	}
	if err := show(); err != nil {
		if problem != "" {
			// An entry that stops the output is its error; what the
			// check found before it is said too.
			fmt.Fprintln(a.stderr, "signoff: warning: "+safetext.Line(problem).String())
		}
		return err
	}
	if problem != "" {
		return problemsError{shownFrom + " a record that does not verify: " + problem}
	}
	return nil
}

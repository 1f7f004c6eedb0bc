package main

import (
	"context"
	"time"

	"github.com/signoff/signoff/model/chain"
)

// The commands that hand the record on (export, findings, decisions) read
// it entry by entry, and each entry they read is checked (db/read_check.go);
// but a record cut short, or rewritten from an entry to its end, reads
// intact. What this machine remembers of its last check shows both, so
// these commands hold the record to it, as the workstation, metrics and
// the report do (docs/DECISIONS.md, "Exports held to this machine's
// memory").

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
// well (signoff verify --checkpoint); "" when it holds both.
func checkpointProblem(ctx context.Context, s database, path string) (string, error) {
	text, err := readCheckpoint(path)
	if err != nil {
		return "", err
	}
	cp, err := chain.ParseCheckpoint(path, string(text))
	if err != nil {
		return "", err
	}
	res, err := s.VerifyCheckpoint(ctx, cp)
	if err != nil || res.Intact {
		return "", err
	}
	return res.String(), nil
}

package main

import (
	"context"
	"io"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// database is everything the commands ask of the record: what the screens
// program against (model.Store), and importing, exporting, verifying and
// the training runs. The commands never know which engine answers: the
// database address picks it (db.Open).
type database interface {
	model.Store
	// EachStep walks an incident's review steps for findings and the report.
	model.StepWalker
	// EachStepChecked is EachStep, and says what the walk's own check of
	// the chain went through.
	EachStepChecked(ctx context.Context, incident string, start func(model.WalkStart) error, fn func(*model.Step) error) (chain.Pass, error)
	// ImportDocument and ImportStream import one file, all or nothing.
	ImportDocument(ctx context.Context, name string, r io.Reader, actor string) (model.ImportResult, error)
	ImportStream(ctx context.Context, name string, r io.Reader, actor string) ([]model.ImportResult, error)
	// ImportGateStream is ImportStream for the approval gate's own records,
	// the one import that may write the ids the gate gives them
	// (gate.Reserved) into a stored incident: signoff gate alone calls it.
	ImportGateStream(ctx context.Context, name string, r io.Reader, actor string) ([]model.ImportResult, error)
	// Export writes an incident in the import format.
	Export(ctx context.Context, incident string, out io.Writer) error
	// ChainHead is the number of audit-chain entries and the last one's hash.
	ChainHead(ctx context.Context) (int64, string, error)
	Verify(ctx context.Context) (chain.VerifyResult, error)
	// VerifySince checks what was appended since a remembered check;
	// same is false when the record is not the one it checked.
	VerifySince(ctx context.Context, v chain.Verified) (res chain.VerifyResult, same bool, err error)
	VerifyCheckpoint(ctx context.Context, c chain.Checkpoint) (chain.VerifyResult, error)
	// CheckpointChecked is a checkpoint and the check it was taken from.
	CheckpointChecked(ctx context.Context) (chain.Checkpoint, chain.VerifyResult, error)
	// SignedEntries calls fn with every entry whose record carries a signature,
	// and every review verdict and status change, in seq order.
	SignedEntries(ctx context.Context, fn func(model.ChainEntry) error) error
	TrainingRuns(ctx context.Context, incident string) ([]model.TrainingRun, error)
	TrainingRun(ctx context.Context, id int64) (model.TrainingRun, error)
	// NoteGate writes the approval gate's note on a suggestion, chosen
	// from its decision and the gate's notes on it in one transaction.
	NoteGate(ctx context.Context, incident, suggestion, actor string, choose func(decision *model.Event, notes []model.Event) *model.Event) (*model.Event, bool, error)
	// DecidedInQueue reports whether a decision was made through signoff's
	// own decision path rather than appended by a stream: the gate runs
	// only such a decision.
	DecidedInQueue(ctx context.Context, incident, id string) (bool, error)
	// SuggestionOutputs calls fn with the raw output of each suggestion
	// refs names, in their order, a page of them a statement, not one
	// read each (signoff pending reads its gated calls so).
	SuggestionOutputs(ctx context.Context, refs []model.EventRef, fn func(i int, raw string) error) error
	// Damage is what damage was found in the database, "" when none is known.
	Damage() string
	// Address names the database in sentences: a file path, or a server's
	// address without its password.
	Address() string
	Close() error
}

var _ database = (*db.DB)(nil)

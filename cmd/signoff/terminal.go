package main

import (
	"io"
	"os"

	"github.com/charmbracelet/x/term"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui"
)

// isTerminal reports whether a stream is a terminal; tests replace it.
var isTerminal = func(s any) bool {
	if w, ok := s.(io.Writer); ok {
		s = rawOutput(w)
	}
	f, ok := s.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// needTerminal refuses to start a full-screen program on streams that are
// not a terminal (a pipe, a file, a CI job): it would print escape codes
// and fail to read keys. The sentence says which command prints text
// instead.
func (a *app) needTerminal(what, instead string) error {
	if isTerminal(a.stdin) && isTerminal(a.stdout) {
		return nil
	}
	return model.Errorf(model.EINVALID, "%s needs a terminal, and standard input or output is not one; %s", what, instead)
}

// insteadOf names the command that prints, as text, what a full-screen
// start shows.
func insteadOf(o tui.Options) (string, string) {
	switch o.Start {
	case tui.StartQueue:
		// pending lists the items themselves (incidents only counts
		// them), and defer decides from a script as approve and reject do.
		return "the queue", "\"signoff pending\" lists the pending suggestions, and \"signoff approve ID\", \"signoff reject ID\" or \"signoff defer ID\" decides from a script"
	case tui.StartTraining:
		return "training", "\"signoff train --results\" prints the training runs and their scores"
	case tui.StartMetrics:
		return "the metrics dashboard", "\"signoff metrics\" prints the same numbers as a table (--format json or csv for scripts)"
	}
	if o.Incident != "" {
		return "the review workstation", "\"signoff report " + o.Incident + "\" prints the incident's accountability report, and \"signoff findings " + o.Incident + "\" its findings"
	}
	return "the review workstation", "\"signoff incidents\" lists the incidents, and \"signoff report INCIDENT\" prints one's accountability report"
}

// terminalWriter reports whether w is a terminal: gen refuses to pour
// NDJSON onto one.
func terminalWriter(w io.Writer) bool { return isTerminal(w) }

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/safetext"
	"github.com/spf13/cobra"
)

func (a *app) importCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE...",
		Short: "Import incident documents (.json) or record streams (.ndjson, .jsonl, - for stdin)",
		Long: `Import incidents in the signoff.incident/v1 format.

A .json file holds one incident document; importing an incident that already
exists is refused. A .ndjson or .jsonl file (or - for standard input) is a
record stream whose first line is an incident; each incident line starts the
next incident, whose records follow it. A stream for an incident that already
exists appends its new records (this is how a response platform feeds
new pending suggestions in while an incident runs); it cannot write as
signoff gate, whose notes say whether a gate still waits on a suggestion,
nor take the ids the gate gives its records (P-S-…, X-S-…, N-S-…-<ms>).
No record may carry a session_key: only signoff serve records the key a
person logged in with. An export of an incident worked in signoff serve
imports without them (jq 'del(.. | .session_key?)' FILE); signoff copy
keeps them.

Each file is all-or-nothing: a file with any error changes nothing, and the
error names the file, the line and the record at fault. The other files are
still imported; the exit status is 2 if any file was refused. A record that
does not verify, such as one cut short since this machine last checked it,
takes nothing: the import stops there with exit status 1, naming the fault
(signoff verify --forget accepts a backup restored on purpose).

docs/import-format.md describes every record and field, and what is refused.`,
		Example: `  signoff import incident.json
  signoff import feed.ndjson
  platform-export | signoff import -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.noInput(args); err != nil {
				return err
			}
			s, err := a.openNew(cmd.Context())
			if err != nil {
				return err
			}
			var failed int
			for _, name := range args {
				results, err := a.importOne(cmd.Context(), s, name)
				if err != nil && cmd.Context().Err() != nil {
					return err // interrupted: the files listed above are in, this one and the rest are not
				}
				if model.ErrorCode(err) == model.ETAMPERED {
					// The record is at fault, not the file: the rest would
					// be refused the same way.
					return err
				}
				if err != nil {
					failed++
					a.printError(err)
					continue
				}
				for _, res := range results {
					fmt.Fprintln(a.stdout, describeImport(name, res))
				}
			}
			if failed > 0 {
				return refusedFiles(failed, len(args))
			}
			return nil
		},
	}
}

// noInput says, before the database is opened, that none of the files
// named can be imported (each, and the count), so that nothing is made:
// a mistyped name on a fresh machine left an empty database behind. When
// any one can, the import goes on and says the others in turn.
func (a *app) noInput(args []string) error {
	var errs []error
	for _, name := range args {
		if _, err := inputKind(name); err != nil {
			errs = append(errs, err)
		} else if name == "-" {
			return nil
		} else if info, err := os.Stat(name); err != nil {
			errs = append(errs, model.Errorf(model.EINVALID, "cannot read %s: %v", name, pathError(err)))
		} else if info.IsDir() {
			errs = append(errs, model.Errorf(model.EINVALID, "%s is a folder, not a file", name))
		} else {
			return nil
		}
	}
	for _, err := range errs {
		a.printError(err)
	}
	return refusedFiles(len(errs), len(args))
}

// refusedFiles is the error of an import that refused failed of its n
// files.
func refusedFiles(failed, n int) error {
	if failed == 1 {
		return model.Errorf(model.EINVALID, "1 of %d files was refused; nothing from it was imported", n)
	}
	return model.Errorf(model.EINVALID, "%d of %d files were refused; nothing from them was imported", failed, n)
}

// inputKind says whether the file named is a record stream (or a
// document), by its name.
func inputKind(name string) (stream bool, err error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return name == "-", nil
	case ".ndjson", ".jsonl":
		return true, nil
	}
	if name == "-" {
		return true, nil
	}
	return false, model.Errorf(model.EINVALID, "%s: unknown file type; expected .json (a document), .ndjson or .jsonl (a record stream), or - for a stream on standard input", name)
}

// importOne imports one file: a document holds one incident, a stream
// one or more, each reported on its own line.
func (a *app) importOne(ctx context.Context, s database, name string) ([]model.ImportResult, error) {
	stream, err := inputKind(name)
	if err != nil {
		return nil, err
	}
	var r io.Reader = a.stdin
	display := "standard input"
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, model.Errorf(model.EINVALID, "cannot read %s: %v", name, pathError(err))
		}
		defer f.Close()
		// A folder opens, then fails the first read in words that repeat
		// the path.
		if info, err := f.Stat(); err == nil && info.IsDir() {
			return nil, model.Errorf(model.EINVALID, "%s is a folder, not a file", name)
		}
		r, display = f, name
	}
	if stream {
		return s.ImportStream(ctx, display, r, a.actor())
	}
	res, err := s.ImportDocument(ctx, display, r, a.actor())
	if err != nil {
		return nil, err
	}
	return []model.ImportResult{res}, nil
}

// pathError strips the operation and path that os errors repeat.
func pathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func describeImport(name string, res model.ImportResult) string {
	verb := "appended to"
	if res.Created {
		verb = "imported"
	}
	kinds := make([]string, 0, len(res.Counts))
	for k := range res.Counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	parts := make([]string, 0, len(kinds))
	for _, k := range kinds {
		n, what := res.Counts[k], k
		if n == 1 && oneOf[k] != "" {
			what = oneOf[k]
		}
		parts = append(parts, fmt.Sprintf("%d %s", n, what))
	}
	detail := "no new records"
	if len(parts) > 0 {
		detail = strings.Join(parts, ", ")
	}
	return safetext.Line(fmt.Sprintf("%s: %s %s (%s)", name, verb, res.Incident, detail)).String()
}

// oneOf is the singular of each kind of record an import counts.
var oneOf = map[string]string{"agents": "agent", "assets": "asset", "events": "event",
	"people": "person", "reviews": "review", "status changes": "status change"}

package db

import (
	"context"
	"fmt"
	"strings"
)

// A batch statement names its ids in an IN list of placeholders after
// ?1 (the incident): SQL both engines read the same way, which each
// answers with one index seek per id. Lists are cut at maxListed ids and
// padded with their last id to a power of two, so a walk prepares a
// handful of statements, not one per length.
const minListed = 8

var maxListed = 512 // a variable so tests can cross a cut on small lists

// listedSize is the padded length of a list of n ids (n ≤ maxListed).
func listedSize(n int) int {
	size := minListed
	for size < n {
		size *= 2
	}
	return size
}

// listed fills the %s of query with size placeholders, which follow ?1.
// They are bare: SQLite numbers a bare ? after the largest before it, and
// finds a numbered one by a linear search of its names on every bind
// (0.8 s of CPU in a million-event walk).
func listed(query string, size int) string {
	return fmt.Sprintf(query, strings.Repeat("?, ", size-1)+"?")
}

// eachListed runs query (with its %s list) for the ids in list, a part
// at a time, and hands each entry, checked, to fn.
func (w *stepWalk) eachListed(ctx context.Context, fn func(e *readEntry) error, query string, list []any) error {
	return w.forListed(list, func(query string, args []any) error {
		return w.eachEntry(ctx, fn, query, args...)
	}, query)
}

// forListed runs run with query (its %s list filled) and its arguments
// for the ids in list, a part at a time.
func (w *stepWalk) forListed(list []any, run func(query string, args []any) error, query string) error {
	for len(list) > 0 {
		part := list[:min(len(list), maxListed)]
		list = list[len(part):]
		size, args := listedArgs(w.inc, part)
		if err := run(listed(query, size), args); err != nil {
			return err
		}
	}
	return nil
}

// anys is a list of ids as arguments.
func anys[T any](ids []T) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// listedArgs is the size of the list for part (at most maxListed ids) and
// the arguments of its statement: first (?1), then part padded with its
// last id.
func listedArgs(first any, part []any) (int, []any) {
	size := listedSize(len(part))
	args := make([]any, 0, size+1)
	args = append(append(args, first), part...)
	for len(args) < size+1 {
		args = append(args, part[len(part)-1])
	}
	return size, args
}

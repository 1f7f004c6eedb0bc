// Package processes holds the store's tests with several processes on one
// database: writers, racers and importers that the test binary starts as
// children of itself, kills at will, and then checks the database they
// leave. Nothing here is built into signoff.
//
// They are a package of their own so that they are a test binary of their
// own: go test gives each binary ten minutes, and these spend most of
// theirs waiting on their children, which on a busy two-core machine took
// the db package's binary past its ten (BENCHMARKS.md, "CI time of the
// store's tests"). go test ./... runs them beside the db package.
package processes

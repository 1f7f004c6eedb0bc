//go:build !linux

package db

import "context"

// fileEvents has no way to hear of writes here: the caller polls.
func fileEvents(ctx context.Context, path string) <-chan struct{} { return nil }

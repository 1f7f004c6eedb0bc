//go:build !linux

package db

import "context"

// fileEvents has no way to hear of writes here: the caller polls, as
// documented for systems other than Linux, so there is nothing to say.
func fileEvents(ctx context.Context, path string) (<-chan struct{}, error) { return nil, nil }

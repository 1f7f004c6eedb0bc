package db

import (
	"context"

	"github.com/signoff/signoff/db/engine"
)

// openEngine picks the engine an address names.
func openEngine(ctx context.Context, address string) (engine.Engine, error) {
	return openSQLite(ctx, address)
}

package serve

import (
	"context"
	"sync"

	"github.com/signoff/signoff/model"
)

// chainCheck runs the audit chain's verification for every session, at
// most once per change of the data: a hundred people logging in after a
// write cost one verification, not a hundred.
type chainCheck struct {
	store  model.Store
	verify func(context.Context) (string, error)

	mu      sync.Mutex
	version int64
	done    bool
	problem string
}

func (c *chainCheck) run(ctx context.Context) (string, error) {
	if c.verify == nil {
		return "", nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	v, err := c.store.DataVersion(ctx)
	if err != nil {
		return "", err
	}
	if c.done && v == c.version {
		return c.problem, nil
	}
	problem, err := c.verify(ctx)
	if err != nil {
		return "", err
	}
	c.version, c.done, c.problem = v, true, problem
	return problem, nil
}

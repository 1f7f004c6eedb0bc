package serve

import (
	"sync"
	"time"
)

// failures counts failed logins per address. An address with max
// failures within window is turned away until the oldest falls out of it:
// guessing keys gets slow, and a person who mistyped nothing (a key is
// offered, not typed) is never near the limit.
type failures struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	at     map[string][]time.Time
}

func newFailures(max int, window time.Duration) *failures {
	return &failures{max: max, window: window, at: map[string][]time.Time{}}
}

// add records a failure of addr at now.
func (f *failures) add(addr string, now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.at[addr] = append(f.recent(addr, now), now)
}

// blocked reports whether addr is turned away at now.
func (f *failures) blocked(addr string, now time.Time) bool {
	if f.max <= 0 {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.recent(addr, now)
	if len(r) == 0 {
		delete(f.at, addr)
	} else {
		f.at[addr] = r
	}
	return len(r) >= f.max
}

// recent is addr's failures still within the window.
func (f *failures) recent(addr string, now time.Time) []time.Time {
	ts := f.at[addr]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= f.window {
		i++
	}
	return ts[i:]
}

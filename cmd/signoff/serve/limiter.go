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
	full   time.Time // the table is full of failures until then
}

func newFailures(max int, window time.Duration) *failures {
	return &failures{max: max, window: window, at: map[string][]time.Time{}}
}

// maxFailingAddrs is how many addresses' failures are kept. Each address
// an attacker fails from (and IPv6 gives one 2^64 of them, a /64 counts
// as one: host) would otherwise stay in memory until that very address
// came back. When the table is full of failures still in their window,
// a new address's are not counted (sshd's PerSourcePenalties does the
// same by default): the addresses already turned away stay turned away.
const maxFailingAddrs = 4096

// add records a failure of addr at now; counted is false when the table
// is full.
func (f *failures) add(addr string, now time.Time) (counted bool) {
	if f.max <= 0 {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, known := f.at[addr]; !known && len(f.at) >= maxFailingAddrs {
		if now.Before(f.full) {
			return false
		}
		f.prune(now)
		if len(f.at) >= maxFailingAddrs {
			return false
		}
	}
	// Only the latest max failures decide anything.
	r := append(f.recent(addr, now), now)
	f.at[addr] = r[max(0, len(r)-f.max):]
	return true
}

// prune forgets the failures that left the window, and notes when the
// next address will leave it: until then the table stays full, and is
// not looked through again for each failure.
func (f *failures) prune(now time.Time) {
	f.full = time.Time{}
	for addr := range f.at {
		r := f.recent(addr, now)
		if len(r) == 0 {
			delete(f.at, addr)
			continue
		}
		f.at[addr] = r
		if leaves := r[len(r)-1].Add(f.window); f.full.IsZero() || leaves.Before(f.full) {
			f.full = leaves
		}
	}
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

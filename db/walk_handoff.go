package db

import "github.com/signoff/signoff/model"

// A walk hands its steps to the caller's fn on a goroutine of its own, a
// batch or two behind its reading: what the caller does with a step
// (judge it, encode and write it) then overlaps the store's reading of the
// next batch instead of following it, on the core the pass over the chain
// leaves free once it is done. fn still sees every step once, in order, on
// one goroutine, and the walk returns only after fn's last call.

// handOff carries batches of steps from the walk to fn.
type handOff struct {
	batches chan []*model.Step
	stopped chan struct{} // closed when fn returned an error
	done    chan struct{} // closed when fn will not be called again
	err     error         // fn's error; read after done
}

// handTo starts the goroutine that calls fn.
func handTo(fn func(*model.Step) error) *handOff {
	h := &handOff{batches: make(chan []*model.Step, 2), stopped: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(h.done)
		for batch := range h.batches {
			for _, s := range batch {
				if h.err != nil {
					break // drain what was sent before the walk heard
				}
				if h.err = fn(s); h.err != nil {
					close(h.stopped)
				}
			}
		}
	}()
	return h
}

// give hands a batch over; false once fn has stopped the walk.
func (h *handOff) give(batch []*model.Step) bool {
	select {
	case <-h.stopped:
		return false
	default:
	}
	select {
	case h.batches <- batch:
		return true
	case <-h.stopped:
		return false
	}
}

// wait ends the hand-off once fn has had every batch given, and returns
// fn's error.
func (h *handOff) wait() error {
	close(h.batches)
	<-h.done
	return h.err
}

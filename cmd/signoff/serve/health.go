package serve

import (
	"context"
	"time"

	"github.com/signoff/signoff/model"
)

// watchStore tells the operator's log when the database goes out of reach
// and when it is back. Sessions wait the outage out on their screens;
// without this the log, which is where an operator looks, said nothing.
// Only the changes are logged, not every look.
func (s *Server) watchStore() {
	t := time.NewTicker(s.cfg.StoreCheck)
	defer t.Stop()
	var down error
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), s.cfg.StoreCheck)
		_, err := s.cfg.Store.DataVersion(ctx)
		cancel()
		switch {
		case err != nil && down == nil:
			s.log.Warn("the database cannot be reached; sessions wait for it and record nothing meanwhile",
				"err", model.ErrorMessage(err), "sessions", len(s.sessions.all()))
		case err == nil && down != nil:
			s.log.Info("the database is reachable again", "sessions", len(s.sessions.all()))
		}
		down = err
	}
}

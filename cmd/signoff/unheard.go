package main

import (
	"fmt"

	"github.com/signoff/signoff/tui/safetext"
)

// unheard is a store that says why it cannot hear of other processes'
// writes where it should, and looks for them every few tens of
// milliseconds instead (db.DB: a SQLite file with no inotify instance
// left for it).
type unheard interface{ Unheard() string }

// noteUnheard says so once on stderr, after the store started watching:
// a process that polls costs CPU while it waits, and fifty gates of one
// user can use up the instances (fs.inotify.max_user_instances) without
// anyone learning why they got dearer.
func (a *app) noteUnheard(s any) {
	u, ok := s.(unheard)
	if !ok {
		return
	}
	if why := u.Unheard(); why != "" {
		fmt.Fprintln(a.stderr, "signoff: note: "+safetext.Line(why).String())
	}
}

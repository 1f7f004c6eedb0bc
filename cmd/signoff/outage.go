package main

import (
	"fmt"
	"io"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/safetext"
)

// outage keeps a command that waits on the record (decisions --follow, a
// gate) going while the database cannot be reached (a server restarting,
// a network dropping): it says so once, waits, and says so again when the
// database answers, and the command reads from where it was.
type outage struct {
	w    io.Writer
	away bool
}

// tolerate reports whether err is the database being away, and says so
// the first time; the caller tries again at its next tick.
func (o *outage) tolerate(err error) bool {
	if model.ErrorCode(err) != model.EUNAVAILABLE {
		return false
	}
	if !o.away {
		o.away = true
		fmt.Fprintln(o.w, "signoff: warning: "+safetext.Line(model.ErrorMessage(err)).String()+"; waiting for it")
	}
	return true
}

// over reports whether the database answers again after being away, and
// says so.
func (o *outage) over() bool {
	if !o.away {
		return false
	}
	o.away = false
	fmt.Fprintln(o.w, "signoff: the database answers again; carrying on")
	return true
}

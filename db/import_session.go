package db

import (
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
)

// A session key says that the person logged in to `signoff serve` with
// that SSH key when the record was made. It is the server's word, and only
// the server's own store call (a write made for an SSH session) may give
// it: a record imported from a file carries whatever its writer typed, so
// an import that kept it would let anyone who can write a file make a
// decision read as made with alice's key. An import refuses it, naming the
// record; `signoff copy`, which carries the chain that backs it, keeps it.
// A signature, which anyone can check, is imported as it came.

// sessionKeyRefusal is the sentence that ends each refusal.
const sessionKeyRefusal = `field "session_key" is refused: only a signoff serve session records the key a person logged in with, and an imported file cannot prove it; ` +
	`move the whole database with signoff copy to keep session keys, or import without them (jq 'del(.. | .session_key?)' FILE; signatures still hold)`

// refuseSessionKey refuses a record of an import that carries a session
// key, naming the record, on its line of file name.
func refuseSessionKey(name string, line int, v any) error {
	what := ""
	switch r := v.(type) {
	case *model.Event:
		if r.SessionKey != "" {
			what = string(r.Kind) + " " + r.ID
			break
		}
		for _, ap := range r.Approvals {
			if ap.SessionKey != "" {
				what = string(r.Kind) + " " + r.ID + ", the approval by " + model.Quote(ap.By)
				break
			}
		}
	case *model.Review:
		if r.SessionKey != "" {
			what = "review of " + r.Subject + " by " + model.Quote(r.Reviewer)
		}
	case *model.StatusChange:
		if r.SessionKey != "" {
			what = "status change " + r.ID
		}
	}
	if what == "" {
		return nil
	}
	return format.ErrorAt(name, line, 0, what+": "+sessionKeyRefusal)
}

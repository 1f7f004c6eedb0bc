package main

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
)

// The store says "there is no incident ID in the database" without naming
// the file, which only the command line knows: a person who ran the demo
// and then a command without --db searched their own database, not the
// demo's, and needs to be told both.
const noIncident = "there is no incident "

// inTheDatabase follows the id in the store's sentence; what comes after
// it names a stored incident the id reads like, if there is one.
const inTheDatabase = " in the database"

// explain is the sentence for one of signoff's own errors: an incident
// not found names the database searched, and then the stored incident the
// id reads like, which the store named, or else points to the demo
// database when the id is one of the bundled samples.
func (a *app) explain(e *model.Error) string {
	if e.Code != model.ENOTFOUND || !strings.HasPrefix(e.Message, noIncident) {
		return e.Message
	}
	id, readsLike, _ := strings.Cut(strings.TrimPrefix(e.Message, noIncident), inTheDatabase)
	path, err := a.databasePath()
	if err != nil {
		return e.Message
	}
	shown := path
	if db.IsServer(path) {
		shown = "on the PostgreSQL server " + db.ServerPlace(path)
	}
	msg := noIncident + id + inTheDatabase + " " + shown
	if readsLike != "" {
		return msg + readsLike
	}
	if !isSample(id) {
		return msg + "; \"signoff incidents\" lists the incidents it holds"
	}
	demo, err := a.demoPath()
	if err != nil && db.IsServer(path) {
		return msg + "; " + id + " is a bundled sample, kept in a demo database of its own: \"signoff --db FILE demo\" loads the samples into FILE"
	}
	if err != nil || samePath(demo, path) {
		return msg + "; " + id + " is a bundled sample: \"signoff demo --no-open\" loads the samples into it"
	}
	return msg + "; " + id + " is a bundled sample, kept in the demo database: run \"signoff demo\", or add --db " + demo
}

// demoPath is where demo keeps the samples: demo.db beside the default
// database ($SIGNOFF_DB, else the user data directory's).
// $SIGNOFF_DB naming a PostgreSQL server has no "beside": the samples are
// not poured into what is most likely the team's shared record, and the
// person is told how to give them a file of their own.
func (a *app) demoPath() (string, error) {
	def := os.Getenv("SIGNOFF_DB")
	if db.IsServer(def) {
		file, err := defaultPath("demo.db")
		if err != nil {
			file = "demo.db"
		}
		return "", model.Errorf(model.EINVALID, "$SIGNOFF_DB names the PostgreSQL server %s, and signoff demo keeps the sample incidents in a file of their own, so they never mix with a team's record: give it one with --db, as \"signoff --db %s demo\"", db.ServerPlace(def), file)
	}
	if def == "" {
		var err error
		if def, err = defaultPath("signoff.db"); err != nil {
			return "", err
		}
	}
	return filepath.Join(filepath.Dir(def), "demo.db"), nil
}

func samePath(a, b string) bool {
	x, err1 := filepath.Abs(a)
	y, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && x == y
}

// isSample reports whether id is one of the bundled sample incidents.
func isSample(id string) bool {
	for _, name := range fixtures.Incidents() {
		if doc, err := fixtures.Load(name); err == nil && doc.Incident.ID == id {
			return true
		}
	}
	return false
}

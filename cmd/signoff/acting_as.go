package main

import (
	"os"

	"github.com/signoff/signoff/model"
	"github.com/spf13/cobra"
)

// checkActingAs refuses an --as, or a $SIGNOFF_USER, that names no one
// before any command runs. Given empty, --as fell back to $SIGNOFF_USER or
// the OS user, so the command acted as someone the person did not name;
// with a space or a control character either is no person's id, and the
// refusal quotes it (escapes shown, never interpreted) and says what an id
// may hold, so a trailing space shows ("alice  is not a person" hid it).
// An empty $SIGNOFF_USER is one not set.
func (a *app) checkActingAs(cmd *cobra.Command, _ []string) error {
	if f := cmd.Flag("as"); f == nil || !f.Changed {
		if env := os.Getenv("SIGNOFF_USER"); env != "" && !model.ValidID(env) {
			return model.Errorf(model.EINVALID, "$SIGNOFF_USER %s is not a person's id: %s; set it to the id the incidents give the person acting, or give --as", model.Spelt(env), idsAllowed)
		}
		return nil
	}
	switch {
	case a.person == "":
		return model.Errorf(model.EINVALID, "--as is empty: name the person acting, or leave --as out to act as $SIGNOFF_USER, else the OS user")
	case !model.ValidID(a.person):
		return model.Errorf(model.EINVALID, "--as %s is not a person's id: %s", model.Spelt(a.person), idsAllowed)
	}
	return nil
}

// idsAllowed says what a person's id may be (model.ValidID).
const idsAllowed = "an id is 1 to 200 bytes with no spaces, control or invisible formatting characters, and no \"/\""

package main

import (
	"github.com/signoff/signoff/model"
	"github.com/spf13/cobra"
)

// checkActingAs refuses an --as that names no one before any command
// runs. Given empty, it fell back to $SIGNOFF_USER or the OS user, so the
// command acted as someone the person did not name; with a space or a
// control character it is no person's id, and the refusal quotes it, so a
// trailing space shows ("alice  is not a person" hid it).
func (a *app) checkActingAs(cmd *cobra.Command, _ []string) error {
	if f := cmd.Flag("as"); f == nil || !f.Changed {
		return nil
	}
	switch {
	case a.person == "":
		return model.Errorf(model.EINVALID, "--as is empty: name the person acting, or leave --as out to act as $SIGNOFF_USER, else the OS user")
	case !model.ValidID(a.person):
		return model.Errorf(model.EINVALID, "--as %s is not a person's id: ids have no spaces, control characters or \"/\"", model.Spelt(a.person))
	}
	return nil
}

package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/safetext"
	"github.com/spf13/cobra"
)

// printError writes err to stderr as the one sentence a person reads.
func (a *app) printError(err error) {
	fmt.Fprintln(a.stderr, "signoff: "+safetext.Line(a.sentence(err)).String())
}

// sentence is what a person reads about err: the message of our own
// errors; cobra's text for a command line it refused before any command
// ran (an unknown command, a wrong number of arguments, a missing required
// flag), which is ours too; and for anything else, a driver's or the
// system's text, only that an internal error happened. --debug adds that
// text.
func (a *app) sentence(err error) string {
	var me *model.Error
	switch {
	case errors.As(err, &me):
		return a.explain(me)
	case !a.ran:
		return err.Error()
	case a.debug:
		return "internal error: " + err.Error()
	}
	return model.InternalMessage
}

// markRuns makes every command note that it started, so sentence can tell
// the errors of our code from cobra's refusals, which come before it.
func (a *app) markRuns(c *cobra.Command) {
	if run := c.RunE; run != nil {
		c.RunE = func(cmd *cobra.Command, args []string) error {
			a.ran = true
			return run(cmd, args)
		}
	}
	if check := c.Args; check != nil && c.HasParent() {
		c.Args = func(cmd *cobra.Command, args []string) error {
			if check(cmd, args) == nil {
				return nil
			}
			return wrongArguments(cmd, args)
		}
	}
	for _, sub := range c.Commands() {
		a.markRuns(sub)
	}
}

// wrongArguments says what cmd takes, in the words of its usage line,
// where cobra would only count: "accepts 1 arg(s), received 0".
func wrongArguments(cmd *cobra.Command, args []string) error {
	takes := strings.Join(strings.Fields(cmd.Use)[1:], " ")
	usage := "(usage: " + cmd.UseLine() + ")"
	// The program's name already leads every error line: "signoff: report …".
	name := strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
	if len(args) == 0 {
		return model.Errorf(model.EINVALID, "%s needs %s %s", name, takes, usage)
	}
	if takes == "" {
		takes = "no argument"
	}
	given := make([]string, len(args))
	for i, arg := range args {
		given[i] = strconv.Quote(arg)
	}
	count := "1 argument"
	if len(args) > 1 {
		count = fmt.Sprintf("%d arguments", len(args))
	}
	return model.Errorf(model.EINVALID, "%s takes %s, and was given %s: %s %s",
		name, takes, count, strings.Join(given, " "), usage)
}

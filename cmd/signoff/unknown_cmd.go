package main

import (
	"strconv"
	"strings"

	"github.com/signoff/signoff/model"
	"github.com/spf13/cobra"
)

// suggestFor lists, for a command, words a person may type for it that
// are not close to its name in spelling, so cobra suggests it for them:
// a shift's commands, and the three ways to decide.
var suggestFor = map[string][]string{
	"status":  {"shift"},
	"handoff": {"shift", "hand-off"},
	"claim":   {"shift"},
	"approve": {"decide", "accept"},
	"reject":  {"decide", "deny"},
	"defer":   {"decide", "postpone"},
}

// notCommands are words people type for what signoff does with a flag.
var notCommands = map[string]string{
	"sign": "signing is the --sign-key PATH flag of the commands that record (approve, reject, defer, annotate, status, queue, review; docs/IDENTITY.md), and verify --signers checks the signatures",
}

// addSuggestions gives each command of root its suggestFor words, and
// suggests the commands two edits from what was typed ("verfy").
func addSuggestions(root *cobra.Command) {
	root.SuggestionsMinimumDistance = 2
	for _, c := range root.Commands() {
		c.SuggestFor = append(c.SuggestFor, suggestFor[c.Name()]...)
	}
}

// unknownCommand refuses a command signoff does not have, naming the
// commands it may have meant (cobra's suggestions: close in spelling, or
// listed in suggestFor), or what does what the word asks for. cobra's own
// refusal for a root that takes no arguments suggests nothing.
func unknownCommand(root *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	typed := args[0]
	msg := "unknown command " + strconv.Quote(typed) + " for " + strconv.Quote(root.Name())
	if hint := notCommands[strings.ToLower(typed)]; hint != "" {
		msg += ": " + hint
	} else if names := root.SuggestionsFor(typed); len(names) > 0 {
		msg += "; did you mean " + orList(names) + "?"
	}
	return model.Errorf(model.EINVALID, "%s (\"signoff --help\" lists every command)", msg)
}

// orList is "a", "a or b", "a, b or c".
func orList(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// refuseUnknownShells makes cobra's completion command say which shells
// it knows when it is given another ("completion tcsh") or none: it
// printed its help and exited 0, so a shell profile that sources its
// output took the help text for a script.
func refuseUnknownShells(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		var shells []string
		for _, s := range c.Commands() {
			shells = append(shells, s.Name())
		}
		c.Use, c.DisableFlagsInUseLine = "completion SHELL", true
		c.Args = cobra.ArbitraryArgs
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				cmd.Help()
				return model.Errorf(model.EINVALID, "name a shell: signoff completion %s", strings.Join(shells, "|"))
			}
			return model.Errorf(model.EINVALID, "signoff completes %s, not %s: signoff completion %s", orList(shells), strconv.Quote(args[0]), strings.Join(shells, "|"))
		}
	}
}

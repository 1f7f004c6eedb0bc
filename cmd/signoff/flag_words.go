package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/signoff/signoff/model"
)

// flagError is the sentence for a flag cobra could not parse. A value of
// the wrong kind is said in words with what to write instead: pflag's own
// text ended in Go's parser ('invalid argument "x" for "--limit" flag:
// strconv.ParseInt: parsing "x": invalid syntax').
func flagError(cmd *cobra.Command, err error) error {
	see := fmt.Sprintf("(see \"%s --help\")", cmd.CommandPath())
	var bad *pflag.InvalidValueError
	if errors.As(err, &bad) && bad.GetFlag() != nil {
		if want := flagValueWords[bad.GetFlag().Value.Type()]; want != "" {
			return model.Errorf(model.EINVALID, "--%s %s is not %s %s", bad.GetFlag().Name, strconv.Quote(bad.GetValue()), want, see)
		}
	}
	return model.Errorf(model.EINVALID, "%s %s", err, see)
}

// flagValueWords says what a value of each flag type is written as.
var flagValueWords = map[string]string{
	"int":      "a whole number",
	"int64":    "a whole number",
	"uint":     "a whole number of 0 or more",
	"float64":  "a number",
	"bool":     "true or false",
	"duration": "a duration: write it with its unit, as 90s, 30m or 2h",
}

// requiredFlagError is cobra's refusal of a command run without a flag it
// requires ('required flag(s) "verdict" not set'), said as the command's
// need, or nil for any other error.
func requiredFlagError(cmd *cobra.Command, err error) error {
	const prefix, suffix = `required flag(s) "`, `" not set`
	msg := err.Error()
	if cmd == nil || !strings.HasPrefix(msg, prefix) || !strings.HasSuffix(msg, suffix) {
		return nil
	}
	names := strings.Split(strings.TrimSuffix(strings.TrimPrefix(msg, prefix), suffix), `", "`)
	for i, n := range names {
		names[i] = "--" + n
	}
	return model.Errorf(model.EINVALID, "%s needs %s (see \"%s --help\")", cmd.Name(), andList(names), cmd.CommandPath())
}

// andList is "a", "a and b", "a, b and c".
func andList(items []string) string {
	if len(items) == 1 {
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/signoff/signoff/cmd/signoff/keys"
)

// signKeyFlag adds --sign-key to a command that records decisions or
// verdicts.
func (a *app) signKeyFlag(cmd *cobra.Command) {
	cmd.Flags().StringVar(&a.signKey, "sign-key", "", "sign what you record with this SSH key: a private key file, or the .pub of a key in ssh-agent (default $SIGNOFF_SIGN_KEY)")
}

// signer opens the key given with --sign-key (or $SIGNOFF_SIGN_KEY); nil
// when neither names one, and records go unsigned. Close it when done.
func (a *app) signer() (*keys.Signer, error) {
	path := a.signKey
	if path == "" {
		path = os.Getenv("SIGNOFF_SIGN_KEY")
	}
	if path == "" {
		return nil, nil
	}
	return keys.Load(path)
}

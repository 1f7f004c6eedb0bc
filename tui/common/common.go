// Package common is what every screen of the workstation shares, one per
// terminal: the store, the policy, the acting person, the clock, the
// renderer with the styles built for it, the keys every screen agrees on,
// and the size of the terminal. A local run has one; a session over SSH
// gets its own, so each person sees their own colour profile, size and
// name. Screens embed it and never import one another or the router.
package common

import (
	"context"
	"io"
	"os"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// Common is the context a screen is built with.
type Common struct {
	Ctx    context.Context
	Store  model.Store
	Policy *review.Policy
	// Person is who acts: the --as person, or the principal of the SSH key
	// a session authenticated with.
	Person string
	// SessionKey is the fingerprint of that SSH key in a signoff serve
	// session, "" at a local terminal. The session's store records it with
	// every write; screens show it beside the person.
	SessionKey string
	// Sign signs a statement with the person's own key (--sign-key, or the
	// agent a session forwarded); nil when there is none and records go
	// unsigned. It may block (an agent asking to confirm): call it in a
	// command, never in Update.
	Sign func(statement string) (model.Signature, error)
	// Clock is the screens' time (ages, countdowns, how long a trainee
	// took); tests fix it.
	Clock    func() time.Time
	Renderer *lipgloss.Renderer
	Styles   *Styles
	Keys     KeyMap
	// Terminal is where the program draws, for what signoff writes to the
	// terminal itself (the clipboard's OSC 52); nil when there is none.
	Terminal io.Writer
	Width    int
	Height   int
}

// Options are what a caller decides; New fills in the rest.
type Options struct {
	Ctx    context.Context // nil: context.Background()
	Store  model.Store
	Policy *review.Policy // nil: review.DefaultPolicy()
	Person string
	// SessionKey and Sign: see Common.
	SessionKey string
	Sign       func(statement string) (model.Signature, error)
	Clock      func() time.Time // nil: time.Now
	// Renderer draws for one terminal; nil renders for standard output.
	Renderer *lipgloss.Renderer
	// NoColor forces monochrome; NO_COLOR in the environment does too.
	NoColor bool
	// Terminal is the writer the program draws on (see Common.Terminal).
	Terminal io.Writer
}

// New builds the context for one terminal.
func New(o Options) Common {
	if o.Ctx == nil {
		o.Ctx = context.Background()
	}
	if o.Policy == nil {
		o.Policy = review.DefaultPolicy()
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	noColor := o.NoColor || os.Getenv("NO_COLOR") != ""
	if o.Renderer == nil {
		o.Renderer = NewRenderer(nil, noColor)
	} else if noColor {
		o.Renderer.SetColorProfile(termenv.Ascii)
	}
	st := NewStyles(o.Renderer)
	return Common{Ctx: o.Ctx, Store: o.Store, Policy: o.Policy, Person: o.Person, SessionKey: o.SessionKey, Sign: o.Sign,
		Clock: o.Clock, Renderer: o.Renderer, Styles: &st, Keys: DefaultKeyMap(), Terminal: o.Terminal}
}

// Who is the acting person as headers show them: the name, and in a
// session the key that proves it.
func (c Common) Who() string {
	if c.SessionKey == "" {
		return c.Person
	}
	return c.Person + " (" + c.SessionKey + ")"
}

// SetSize records the size a screen fills.
func (c *Common) SetSize(w, h int) { c.Width, c.Height = w, h }

// Now reads the screens' clock.
func (c Common) Now() time.Time { return c.Clock() }

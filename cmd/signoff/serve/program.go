package serve

import (
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"

	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui"
)

// sessionPolicy is the policy a new session judges signatures by. When it
// names the roster the server logs people in by, that is the roster as
// the server last read it, so the key a person logs in with is one the
// policy accepts from them, whatever changed in the file since the start
// (a revoked key ends its sessions: Reload).
func (s *Server) sessionPolicy() *review.Policy {
	p := s.cfg.Policy
	if p.Roster() == nil {
		return p
	}
	named, err1 := os.Stat(p.SignersFile())
	served, err2 := os.Stat(s.cfg.Signers)
	if err1 != nil || err2 != nil || !os.SameFile(named, served) {
		return p
	}
	return p.WithRoster(s.roster.current())
}

// program builds the session's workstation: its own shared context
// (person, key, renderer for the client's terminal, the session's store)
// and a Bubble Tea program on the session's streams. The wish middleware
// runs it, sends it the window's size and resizes, and stops it when the
// connection drops, so a form left open is simply gone.
func (s *Server) program(sess ssh.Session) *tea.Program {
	ss := s.sessions.of(sess)
	if ss == nil {
		return nil
	}
	env := sess.Environ()
	o := tui.Options{Poll: 2 * time.Second, VerifyChain: s.chain.run}
	o.Ctx = sess.Context()
	o.Store = sessionStore{Store: s.cfg.Store, s: ss, allowed: func() error { return s.stillAllowed(ss) }}
	o.Policy, o.Person, o.SessionKey = s.sessionPolicy(), ss.person, ss.fp
	o.Renderer = renderer(sess, env)
	o.NoColor = getenv(env, "NO_COLOR") != ""
	if ssh.AgentRequested(sess) {
		o.Sign = agentSigner(sess, ss)
	}
	app := tui.New(o)
	// The idle limit counts from here: the title is the session's first
	// write, and a client that reads nothing from the start holds it.
	act := newActivity(s.cfg.Clock())
	go s.idle(sess, ss, act)
	if err := app.WriteTitle(sess); err != nil {
		return nil
	}
	in := &keyReader{r: sess, act: act, clock: s.cfg.Clock,
		closed: func() { ss.end("the session was closed; nothing unsaved was recorded") }}
	p := tea.NewProgram(app, tea.WithAltScreen(), tea.WithFPS(tui.FrameRate), tea.WithInput(in),
		tea.WithOutput(sess), tea.WithEnvironment(env), tea.WithoutSignalHandler(), tea.WithFilter(sizedTerminal))
	ss.started(p, app)
	return p
}

// renderer draws for the client's terminal as its TERM and COLORTERM
// describe it. It never queries the terminal: an answer would be read as
// keys, and a client that does not answer would hold up the first frame.
func renderer(w io.Writer, env []string) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(w, termenv.WithEnvironment(sshEnv(env)), termenv.WithUnsafe(), termenv.WithColorCache(true))
	// COLORFGBG ("15;0") names a light background by a high last number.
	dark := true
	if fgbg := getenv(env, "COLORFGBG"); fgbg != "" {
		parts := strings.Split(fgbg, ";")
		switch parts[len(parts)-1] {
		case "7", "15":
			dark = false
		}
	}
	r.SetHasDarkBackground(dark)
	return r
}

// idle ends the session after Config.Idle without a key pressed. Screen
// updates and keepalives do not count: a person who walked away is idle
// however lively the queue is.
func (s *Server) idle(sess ssh.Session, ss *session, act *activity) {
	for {
		wait := s.cfg.Idle - s.cfg.Clock().Sub(act.last())
		if wait <= 0 {
			ss.end("no key was pressed for " + s.cfg.Idle.String() + ", so the session ended; nothing unsaved was recorded")
			return
		}
		select {
		case <-sess.Context().Done():
			return
		case <-time.After(wait):
		}
	}
}

// activity is when the person last pressed a key.
type activity struct{ at atomic.Int64 }

func newActivity(now time.Time) *activity {
	a := &activity{}
	a.at.Store(now.UnixNano())
	return a
}

func (a *activity) last() time.Time { return time.Unix(0, a.at.Load()) }

type sshEnv []string

func (e sshEnv) Environ() []string      { return e }
func (e sshEnv) Getenv(k string) string { return getenv(e, k) }

func getenv(env []string, k string) string {
	for _, v := range env {
		if val, ok := strings.CutPrefix(v, k+"="); ok {
			return val
		}
	}
	return ""
}

// sizedTerminal gives a terminal that reported no size (ssh -tt from a
// script sends 0×0) the classic 80×24, rather than a blank screen, and
// one larger than any screen the largest: the size is the client's word,
// and every cell of it is drawn, so 10000×10000 (or 2^31) would cost the
// server the memory and time of every other session.
func sizedTerminal(_ tea.Model, msg tea.Msg) tea.Msg {
	w, ok := msg.(tea.WindowSizeMsg)
	if !ok {
		return msg
	}
	if w.Width <= 0 || w.Height <= 0 {
		return tea.WindowSizeMsg{Width: 80, Height: 24}
	}
	return tea.WindowSizeMsg{Width: min(w.Width, maxColumns), Height: min(w.Height, maxRows)}
}

// The largest screen a session is drawn at: wider and taller than any
// real terminal's.
const maxColumns, maxRows = 1000, 500

package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
)

// The tests start the server on a loopback port and drive it with
// golang.org/x/crypto/ssh clients, as OpenSSH's ssh would: a pty, a shell,
// keys typed as bytes, the screen read back from the byte stream.

// loadIncident is an open incident of n pending medium actions (block_ip
// on S01…Sn) and people p01…p<people>, every one with authority high.
func loadIncident(n, people int) model.Document {
	t0 := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	d := model.Document{Format: model.FormatV1,
		Incident: model.Incident{ID: "INC-LOAD", Title: "Many hands on one queue", Severity: model.Sev2, Status: model.StatusOpen, OpenedAt: t0},
		Agents:   []model.Agent{{ID: "triage", Name: "Triage assistant", Model: "m", Version: "1", Role: model.RoleTriage}},
		Evidence: []model.Evidence{{ID: "EV-1", Kind: "log", Asset: "ip-01", CollectedAt: t0, CollectedBy: "p01"}},
	}
	for i := 1; i <= people; i++ {
		d.People = append(d.People, model.Person{ID: fmt.Sprintf("p%02d", i), Name: fmt.Sprintf("Person %d", i), Authority: model.AuthorityHigh})
	}
	conf := 0.7
	for i := 1; i <= n; i++ {
		ip := fmt.Sprintf("ip-%02d", i)
		d.Assets = append(d.Assets, model.Asset{ID: ip, Kind: "ip"})
		d.Events = append(d.Events, model.Event{ID: fmt.Sprintf("S%02d", i), At: t0.Add(time.Duration(i) * time.Second), Kind: model.KindSuggestion,
			Agent: "triage", Action: &model.Action{Type: "block_ip", Target: ip, Detail: "block at the edge"},
			Confidence: &conf, ConfidenceCue: "seen twice", Rank: i, Rationale: "scanning"})
	}
	return d
}

// fixture is a running server over a database holding loadIncident.
type fixture struct {
	t       testing.TB
	store   *db.DB
	srv     *Server
	addr    string
	dir     string
	signers string
	keys    map[string]gossh.Signer // person → key, every one in the roster
	hostKey gossh.PublicKey
	log     *lockedBuffer
}

// start runs a server for people p01…p<people> with n pending items;
// edit adjusts the configuration first.
func start(t testing.TB, n, people int, edit func(*Config)) *fixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	store, err := db.Open(ctx, filepath.Join(dir, "signoff.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	doc, _ := json.Marshal(loadIncident(n, people))
	if _, err := store.ImportDocument(ctx, "load.json", bytes.NewReader(doc), "importer"); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, store: store, dir: dir, keys: map[string]gossh.Signer{}, log: &lockedBuffer{}}
	var roster strings.Builder
	for i := 1; i <= people; i++ {
		who := fmt.Sprintf("p%02d", i)
		f.keys[who] = newKey(t)
		roster.WriteString(rosterLine(who, f.keys[who]))
	}
	f.signers = filepath.Join(dir, "allowed_signers")
	os.WriteFile(f.signers, []byte(roster.String()), 0o600)
	cfg := Config{HostKey: filepath.Join(dir, "host_key"), Signers: f.signers, Store: store, RosterPoll: 50 * time.Millisecond,
		MaxSessions: 200, MaxPerKey: 4, Log: slog.New(slog.NewTextHandler(f.log, nil))}
	if edit != nil {
		edit(&cfg)
	}
	f.srv, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.hostKey = f.srv.hostKey.PublicKey()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.addr = l.Addr().String()
	go f.srv.Serve(l)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		f.srv.Shutdown(ctx)
	})
	return f
}

// privateOf keeps each test key's private half, for test agents.
var privateOf = map[gossh.Signer]ed25519.PrivateKey{}
var privateMu sync.Mutex

func newKey(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	privateMu.Lock()
	privateOf[s] = priv
	privateMu.Unlock()
	return s
}

func rosterLine(who string, k gossh.Signer) string {
	return who + " " + string(gossh.MarshalAuthorizedKey(k.PublicKey()))
}

// dial logs in with key; it does not open a session.
func (f *fixture) dial(key gossh.Signer) (*gossh.Client, error) {
	return gossh.Dial("tcp", f.addr, &gossh.ClientConfig{User: "anyone", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.FixedHostKey(f.hostKey), Timeout: 10 * time.Second})
}

// term is one interactive session: a pty of w×h, a shell, and the screen
// as a stream.
type term struct {
	t      testing.TB
	client *gossh.Client
	sess   *gossh.Session
	in     io.WriteCloser
	out    *lockedBuffer
	errs   *lockedBuffer
	mark   int // where the next wait starts reading
	done   chan error
}

// open logs in as person and starts the workstation at w×h.
func (f *fixture) open(person string, w, h int) *term {
	f.t.Helper()
	return f.openWith(f.keys[person], w, h, nil)
}

func (f *fixture) openWith(key gossh.Signer, w, h int, before func(*gossh.Client, *gossh.Session)) *term {
	f.t.Helper()
	c, err := f.dial(key)
	if err != nil {
		f.t.Fatalf("log in: %v", err)
	}
	f.t.Cleanup(func() { c.Close() })
	return f.session(c, w, h, before)
}

// session starts the workstation at w×h in a new session on c.
func (f *fixture) session(c *gossh.Client, w, h int, before func(*gossh.Client, *gossh.Session)) *term {
	f.t.Helper()
	s, err := c.NewSession()
	if err != nil {
		f.t.Fatal(err)
	}
	if before != nil {
		before(c, s)
	}
	tm := &term{t: f.t, client: c, sess: s, out: &lockedBuffer{}, errs: &lockedBuffer{}, done: make(chan error, 1)}
	s.Stdout, s.Stderr = tm.out, tm.errs
	if tm.in, err = s.StdinPipe(); err != nil {
		f.t.Fatal(err)
	}
	if err := s.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		f.t.Fatal(err)
	}
	if err := s.Shell(); err != nil {
		f.t.Fatal(err)
	}
	go func() { tm.done <- s.Wait() }()
	return tm
}

// send types keys: text as it is; "\r" is enter, "\t" tab, "\x1b" esc.
func (tm *term) send(keys ...string) {
	for _, k := range keys {
		if _, err := io.WriteString(tm.in, k); err != nil {
			tm.t.Errorf("typing %q: %v", k, err)
		}
		time.Sleep(15 * time.Millisecond) // keys arrive as a person types them, one read each
		if k == "\x1b" {
			// An escape read together with the key after it is that
			// key with alt held (a terminal's rule): "esc /" would be
			// alt+/ and the letters after it typed into the screen.
			time.Sleep(150 * time.Millisecond)
		}
	}
}

// waitFor waits until the screen, from the mark on, shows one of texts
// (or matches a pattern given as "re:…"); it returns the text found and
// moves the mark past it.
func (tm *term) waitFor(timeout time.Duration, texts ...string) (string, error) {
	deadline := time.Now().Add(timeout)
	for {
		screen := ansi.Strip(tm.out.String())
		rest := screen[min(tm.mark, len(screen)):]
		for _, want := range texts {
			if re, ok := strings.CutPrefix(want, "re:"); ok {
				if loc := regexp.MustCompile(re).FindStringIndex(rest); loc != nil {
					tm.mark += loc[1]
					return rest[loc[0]:loc[1]], nil
				}
			} else if i := strings.Index(rest, want); i >= 0 {
				tm.mark += i + len(want)
				return want, nil
			}
		}
		if time.Now().After(deadline) {
			tail := rest
			if len(tail) > 1500 {
				tail = tail[len(tail)-1500:]
			}
			return "", fmt.Errorf("none of %q on screen after %s; the screen's last output:\n%s\nstderr: %s", texts, timeout, tail, tm.errs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// tail is the end of what the screen showed, for failure messages.
func (tm *term) tail() string {
	s := ansi.Strip(tm.out.String())
	if len(s) > 1500 {
		s = s[len(s)-1500:]
	}
	return s
}

func (tm *term) must(timeout time.Duration, texts ...string) string {
	tm.t.Helper()
	got, err := tm.waitFor(timeout, texts...)
	if err != nil {
		tm.t.Fatal(err)
	}
	return got
}

// exit waits for the session to end and returns its exit status.
func (tm *term) exit(timeout time.Duration) (int, error) {
	select {
	case err := <-tm.done:
		if err == nil {
			return 0, nil
		}
		if e, ok := err.(*gossh.ExitError); ok {
			return e.ExitStatus(), nil
		}
		return -1, err
	case <-time.After(timeout):
		return -1, fmt.Errorf("the session did not end within %s", timeout)
	}
}

// quit leaves the workstation as a person does, pressing q until it
// closes (esc first, in case a search or form holds the keys).
func (tm *term) quit() (int, error) {
	for try := 0; try < 10; try++ {
		tm.send("\x1b")
		time.Sleep(100 * time.Millisecond)
		tm.send("q")
		if code, err := tm.exit(2 * time.Second); err == nil {
			return code, nil
		}
	}
	return tm.exit(wait)
}

// lockedBuffer is a buffer the session's reader and the test share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

package serve

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	gossh "golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/safetext"
)

func TestAnUnknownKeyIsRefusedBeforeAnyScreen(t *testing.T) {
	f := start(t, 1, 1, nil)
	stranger := newKey(t)
	if c, err := f.dial(stranger); err == nil {
		c.Close()
		t.Fatal("a key not in the roster logged in")
	} else if !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("got %v", err)
	}
	if log := f.log.String(); !strings.Contains(log, "key refused") || !strings.Contains(log, "is not in "+f.signers) {
		t.Errorf("the refusal is not logged:\n%s", log)
	}
}

func TestTheServerOffersOnlyTheWorkstation(t *testing.T) {
	f := start(t, 1, 1, nil)
	c, err := f.dial(f.keys["p01"])
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	t.Run("a command is refused", func(t *testing.T) {
		s, _ := c.NewSession()
		defer s.Close()
		out, err := s.CombinedOutput("cat /etc/passwd")
		if _, ran := err.(*gossh.ExitError); err == nil || ran {
			t.Fatalf("the exec request was accepted (%v): %q", err, out)
		}
	})
	t.Run("a subsystem is refused", func(t *testing.T) {
		s, _ := c.NewSession()
		defer s.Close()
		if err := s.RequestSubsystem("sftp"); err == nil {
			t.Fatal("the sftp subsystem was granted")
		}
	})
	t.Run("port forwarding is refused", func(t *testing.T) {
		if conn, err := c.Dial("tcp", f.addr); err == nil {
			conn.Close()
			t.Fatal("a direct-tcpip channel was opened")
		}
		if l, err := c.Listen("tcp", "127.0.0.1:0"); err == nil {
			l.Close()
			t.Fatal("a remote forward was granted")
		}
	})
	t.Run("each refusal is logged once, with who asked for what", func(t *testing.T) {
		s, _ := c.NewSession()
		s.CombinedOutput("cat /etc/passwd") // again: not logged again
		s.Close()
		log := f.log.String()
		for _, want := range []string{
			"refused: exec (signoff serve offers only the workstation)",
			"refused: subsystem (signoff serve offers only the workstation)",
			"refused: local port forwarding (signoff serve offers only the workstation)",
			"refused: remote port forwarding (signoff serve offers only the workstation)",
		} {
			var lines []string
			for _, l := range strings.Split(log, "\n") {
				if strings.Contains(l, want) {
					lines = append(lines, l)
				}
			}
			if len(lines) != 1 || !strings.Contains(lines[0], "person=p01") || !strings.Contains(lines[0], "key=SHA256:") {
				t.Errorf("%q is logged in %d lines %q; want one, naming p01 and the key", want, len(lines), lines)
			}
		}
		for _, asked := range []string{`command="cat /etc/passwd"`, "subsystem=sftp", "channel=direct-tcpip", "request=tcpip-forward"} {
			if !strings.Contains(log, asked) {
				t.Errorf("the log does not say %s:\n%s", asked, log)
			}
		}
	})
	t.Run("a shell without a terminal is told to ask for one", func(t *testing.T) {
		s, _ := c.NewSession()
		defer s.Close()
		var out lockedBuffer
		s.Stdout, s.Stderr = &out, &out
		if err := s.Shell(); err != nil {
			t.Fatal(err)
		}
		err := s.Wait()
		if e, ok := err.(*gossh.ExitError); !ok || e.ExitStatus() != 1 || !strings.Contains(out.String(), "needs a terminal: connect with ssh -t") {
			t.Fatalf("exit %v, output %q", err, out.String())
		}
	})
}

func TestARevokedKeysSessionEndsAndItsNextWriteIsRefused(t *testing.T) {
	f := start(t, 2, 2, nil)
	tm := f.open("p02", 80, 24)
	tm.must(wait, "signoff · p02 (")
	tm.send("P")
	tm.must(wait, "deciding as p02")
	tm.approveForm()
	tm.send("2026 11") // mid-form when the key is revoked

	if err := os.WriteFile(f.signers, []byte(rosterLine("p01", f.keys["p01"])), 0o600); err != nil {
		t.Fatal(err)
	}
	code, err := tm.exit(wait) // the roster is polled every 50ms in tests
	if err != nil || code != 1 || !strings.Contains(tm.errs.String(), "no longer speaks for p02") {
		t.Fatalf("exit %d, %v, stderr %q", code, err, tm.errs.String())
	}
	q, err := f.store.PendingQueue(context.Background())
	if err != nil || len(q.Items) != 2 {
		t.Errorf("the revoked person's form wrote something: %d pending, %v", len(q.Items), err)
	}
	if _, err := f.dial(f.keys["p02"]); err == nil {
		t.Error("the revoked key still logs in")
	}
	if !strings.Contains(f.log.String(), "session ended: key revoked") {
		t.Errorf("the revocation is not logged:\n%s", f.log.String())
	}

	// A write that reaches the store between the revocation and the end of
	// the session is refused by the session's store itself.
	ss := &session{person: "p02", key: f.keys["p02"].PublicKey(), fp: "SHA256:" + strings.Repeat("A", 43)}
	st := sessionStore{Store: f.store, s: ss, allowed: func() error { return f.srv.stillAllowed(ss) }}
	_, err = st.Decide(context.Background(), model.DecideRequest{Incident: "INC-LOAD", Suggestion: "S01", Outcome: model.OutcomeApproved, Rationale: "x"},
		review.DecisionChecker(review.DefaultPolicy()))
	if model.ErrorCode(err) != model.EFORBIDDEN || !strings.Contains(err.Error(), "no longer speaks for p02") {
		t.Fatalf("a revoked key's write: %v", err)
	}
	if _, err := st.RecordReview(context.Background(), "INC-LOAD", model.Review{Subject: "S01", Verdict: "followed", OutcomeChanged: "no", AICorrect: "yes"}); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Fatalf("a revoked key's verdict: %v", err)
	}
	if _, err := st.StartTrainingRun(context.Background(), model.TrainingRun{Incident: "INC-LOAD", StartedAt: time.Now()}); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Fatalf("a revoked key's training run: %v", err)
	}
	if _, err := st.ResumeTrainingRun(context.Background(), 1, time.Now()); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Fatalf("a revoked key's resumed run: %v", err)
	}
	if _, err := st.NoteUnanswered(context.Background(), "INC-LOAD", "S01", "p02", model.Event{}); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Fatalf("a revoked key's note: %v", err)
	}
}

func TestAKilledClientLeavesNothingHalfWritten(t *testing.T) {
	f := start(t, 2, 2, nil)
	t.Run("killed mid-form, nothing is written", func(t *testing.T) {
		tm := f.open("p01", 80, 24)
		tm.must(wait, "signoff · p01 (")
		tm.send("P")
		tm.must(wait, "deciding as p01")
		tm.approveForm()
		tm.send("2026 11", "\t", " ")
		tm.client.Conn.Close() // the laptop lid closes, the network goes
		waitUntil(t, func() bool { return len(f.srv.sessions.all()) == 0 })
		if q, _ := f.store.PendingQueue(context.Background()); len(q.Items) != 2 {
			t.Errorf("%d items pending after a dropped form; want 2", len(q.Items))
		}
	})
	t.Run("killed as the form is sent, the decision is whole or absent", func(t *testing.T) {
		tm := f.open("p02", 80, 24)
		tm.must(wait, "signoff · p02 (")
		tm.send("P")
		tm.must(wait, "deciding as p02")
		tm.approveForm()
		tm.send("2026 11", "\t", " ", "\r")
		tm.client.Conn.Close()
		waitUntil(t, func() bool { return len(f.srv.sessions.all()) == 0 })
	})
	if v, err := f.store.Verify(context.Background()); err != nil || !v.Intact {
		t.Fatalf("after killed clients: %v, %v", v, err)
	}
	doc, err := f.store.Document(context.Background(), "INC-LOAD")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range doc.Events {
		if e.Kind == model.KindDecision && (e.Owner != "p02" || e.SessionKey == "" || e.Rationale != "2026 11") {
			t.Errorf("a decision after killed clients is not whole: %+v", e)
		}
	}
}

// waitUntil polls cond for up to the test's wait.
func waitUntil(t *testing.T, cond func() bool, log ...func() string) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			for _, l := range log {
				t.Log(l())
			}
			t.Fatal("the server did not let go of the session")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// The roster's file name is the operator's, typed on the command line, and
// the refusal that quotes it is written to the person's own terminal: it
// must reach it as text, not as sequences the terminal acts on.
func TestARefusalQuotingTheSignersFileShowsItsEscapes(t *testing.T) {
	var signers string
	f := start(t, 1, 2, func(c *Config) {
		signers = filepath.Join(filepath.Dir(c.Signers), "signers\x1b]0;owned\x07\x1b]52;c;cHduZWQ=\x07\u202e")
		data, err := os.ReadFile(c.Signers)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(signers, data, 0o600); err != nil {
			t.Fatal(err)
		}
		c.Signers = signers
	})
	tm := f.open("p02", 80, 24)
	tm.must(wait, "signoff · p02 (")
	if err := os.WriteFile(signers, []byte(rosterLine("p01", f.keys["p01"])), 0o600); err != nil {
		t.Fatal(err)
	}
	code, err := tm.exit(wait)
	said := tm.errs.String()
	if err != nil || code != 1 || !strings.Contains(said, "no longer speaks for p02") {
		t.Fatalf("exit %d, %v, stderr %q", code, err, said)
	}
	if strings.ContainsAny(said, "\x1b\x07\u202e") || !strings.Contains(said, "signers␛]0;owned␇") {
		t.Errorf("the refusal carries the file name's escapes to the terminal: %q", said)
	}
}

// The user name an SSH client sends is anyone's words, logged before any
// key is checked: the log shows it only as safe text, so a name padded
// with invisible characters cannot pass for a person's.
func TestTheLogShowsAStrangersUserNameAsText(t *testing.T) {
	f := start(t, 1, 1, nil)
	c, err := gossh.Dial("tcp", f.addr, &gossh.ClientConfig{User: "p01\u3164\u202e\x1b]0;owned\x07",
		Auth: []gossh.AuthMethod{gossh.PublicKeys(newKey(t))}, HostKeyCallback: gossh.FixedHostKey(f.hostKey), Timeout: 10 * time.Second})
	if err == nil {
		c.Close()
		t.Fatal("a key not in the roster logged in")
	}
	log := f.log.String()
	if !strings.Contains(log, "key refused") {
		t.Fatalf("the refusal is not logged:\n%s", log)
	}
	for _, r := range log {
		if r != '\n' && r != utf8.RuneError && safetext.Hidden(r) {
			t.Fatalf("the log holds %U as it is:\n%q", r, log)
		}
	}
}

package serve

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
)

func TestSessionsAreCappedPerKeyAndInTotal(t *testing.T) {
	f := start(t, 1, 3, func(c *Config) { c.MaxPerKey, c.MaxSessions = 2, 2 })
	first := f.open("p01", 80, 24)
	first.must(wait, "signoff · p01 (")
	// A second session on the same connection, as ssh's ControlMaster
	// opens it, and a third: the key's limit.
	if _, err := first.client.NewSession(); err != nil {
		t.Fatal(err)
	}
	if _, err := first.client.NewSession(); !refusedFor(err, "p01 already has 2 sessions open with key SHA256:") {
		t.Errorf("a third session with one key: %v", err)
	}
	// Two sessions open: the server's limit, whoever asks.
	c, err := f.dial(f.keys["p02"])
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.NewSession(); !refusedFor(err, "signoff serve already has 2 sessions open, its limit") {
		t.Errorf("a third session: %v", err)
	}
}

func TestFailedLoginsFromOneAddressAreTurnedAwayAndLogged(t *testing.T) {
	f := start(t, 1, 1, func(c *Config) { c.MaxFailures, c.FailureWindow = 3, time.Minute })
	stranger := newKey(t)
	for i := 0; i < 3; i++ {
		if c, err := f.dial(stranger); err == nil {
			c.Close()
			t.Fatal("a stranger logged in")
		}
	}
	waitUntil(t, func() bool { return strings.Count(f.log.String(), `msg="login failed"`) >= 3 })
	// Now even the right key is turned away from that address, before the
	// handshake, until the failures age out of the window.
	if c, err := f.dial(f.keys["p01"]); err == nil {
		c.Close()
		t.Fatal("an address past its failures was let in")
	}
	log := f.log.String()
	if strings.Count(log, `msg="login failed"`) < 3 || !strings.Contains(log, "too many failed logins from this address") {
		t.Errorf("the failures are not logged:\n%s", log)
	}
}

func TestTheHostKeyIsCreatedOnceAndKeptPrivate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "host_key")
	k1, created, err := HostKey(path)
	if err != nil || !created {
		t.Fatalf("first start: created %v, %v", created, err)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("the host key has mode %o; want 0600", info.Mode().Perm())
	}
	k2, created, err := HostKey(path)
	if err != nil || created || signing.Fingerprint(k1.PublicKey()) != signing.Fingerprint(k2.PublicKey()) {
		t.Fatalf("second start: created %v, same key %v, %v", created, err == nil && signing.Fingerprint(k1.PublicKey()) == signing.Fingerprint(k2.PublicKey()), err)
	}
	os.Chmod(path, 0o644)
	if _, _, err := HostKey(path); err == nil || !strings.Contains(err.Error(), "may be read by others (mode 0644); run chmod 600") {
		t.Errorf("a readable host key: %v", err)
	}
}

func TestAnIdleSessionEnds(t *testing.T) {
	f := start(t, 1, 1, func(c *Config) { c.Idle = 700 * time.Millisecond })
	tm := f.open("p01", 80, 24)
	tm.must(wait, "signoff · p01 (")
	for i := 0; i < 4; i++ { // keys keep it open
		time.Sleep(300 * time.Millisecond)
		tm.send("j")
	}
	select {
	case <-tm.done:
		t.Fatal("a session with keys pressed ended as idle")
	default:
	}
	code, err := tm.exit(wait)
	if err != nil || code != 1 || !strings.Contains(tm.errs.String(), "no key was pressed for 700ms") {
		t.Fatalf("exit %d, %v, stderr %q", code, err, tm.errs.String())
	}
}

func TestEachSessionHasItsOwnSizeAndFollowsResizes(t *testing.T) {
	f := start(t, 2, 2, nil)
	// The queue's rule between list and detail runs the terminal's width.
	narrow, wide := f.open("p01", 80, 24), f.open("p02", 100, 30)
	for _, tm := range []*term{narrow, wide} {
		tm.send("P")
	}
	narrow.must(wait, strings.Repeat("─", 80))
	wide.must(wait, strings.Repeat("─", 100))
	if err := narrow.sess.WindowChange(30, 90); err != nil {
		t.Fatal(err)
	}
	narrow.must(wait, strings.Repeat("─", 90))
}

func TestATerminalWithoutASizeIsDrawnAt80x24(t *testing.T) {
	f := start(t, 1, 1, nil)
	tm := f.open("p01", 0, 0)
	tm.must(wait, "signoff · p01 (")
	tm.send("P")
	tm.must(wait, strings.Repeat("─", 80))
}

func TestASessionSeesAnotherPersonsDecision(t *testing.T) {
	f := start(t, 2, 2, nil)
	watcher := f.open("p02", 100, 30)
	watcher.send("P")
	watcher.must(wait, "deciding as p02")
	decider := f.open("p01", 100, 30)
	decider.send("P")
	decider.must(wait, "deciding as p01")
	id, err := decider.decide()
	if err != nil {
		t.Fatal(err)
	}
	watcher.must(wait, "Decided elsewhere: INC-LOAD/"+id+" was approved by p01")
}

// A closing made in a session with ssh -A is signed by the login key, and
// so is each deferral it records, through the same status form as at a
// local terminal; the session's store stamps its key on all of them.
func TestAForwardedAgentSignsAStatusChangeAndEachDeferral(t *testing.T) {
	policy := writePolicy(t, `require_signature = ["medium"]`)
	f := start(t, 2, 2, func(c *Config) { c.Policy = policy })
	key := f.keys["p01"]
	fp := signing.Fingerprint(key.PublicKey())
	ring := keyring(t, key)
	tm := f.openWith(key, 100, 30, func(c *gossh.Client, s *gossh.Session) {
		if err := forwardAgent(c, s, ring); err != nil {
			t.Fatal(err)
		}
	})
	tm.send("P")
	tm.must(wait, "deciding as p01")
	tm.send("S")
	tm.must(wait, "CHANGE STATUS · INC-LOAD")
	tm.send("\x1b[C", "\x1b[C", "\r", "miner gone, token rotated", "\r", " ", "\r", "y", "\r")
	tm.must(wait, "Recorded ST-1: INC-LOAD is now closed (was open); 2 suggestions deferred as p01.")
	history, err := f.store.StatusHistory(context.Background(), "INC-LOAD")
	if err != nil || len(history) != 1 {
		t.Fatalf("history %+v, %v", history, err)
	}
	c := history[0]
	if c.By != "p01" || c.SessionKey != fp || c.Signature == nil || c.Signature.Key != fp || signing.StatusRecord("INC-LOAD", &c, signing.Place{}) != nil {
		t.Fatalf("the change %+v is not p01's, signed with the login key", c)
	}
	for _, id := range []string{"S01", "S02"} {
		d := decisionOf(t, f, id)
		if d == nil || d.Outcome != model.OutcomeDeferred || d.SessionKey != fp || d.Signature == nil || signing.DecisionRecord("INC-LOAD", d) != nil {
			t.Errorf("the deferral of %s is not signed with the login key: %+v", id, d)
		}
	}
	if v, err := f.store.Verify(context.Background()); err != nil || !v.Intact {
		t.Errorf("%v, %v", v, err)
	}
}

func TestAForwardedAgentSignsWithTheLoginKey(t *testing.T) {
	policy := writePolicy(t, `require_signature = ["medium"]`)
	f := start(t, 2, 2, func(c *Config) { c.Policy = policy })
	t.Run("without an agent the policy refuses, saying how to sign", func(t *testing.T) {
		tm := f.open("p02", 100, 30)
		tm.send("P")
		tm.must(wait, "deciding as p02")
		tm.approveForm()
		tm.send("2026 11", "\t", " ", "\r")
		tm.must(wait, `re:requires[\s│]+decisions[\s│]+at[\s│]+that[\s│]+tier`)
	})
	t.Run("with ssh -A the decision carries the login key's signature", func(t *testing.T) {
		key := f.keys["p01"]
		ring := keyring(t, key)
		tm := f.openWith(key, 100, 30, func(c *gossh.Client, s *gossh.Session) {
			if err := forwardAgent(c, s, ring); err != nil {
				t.Fatal(err)
			}
		})
		tm.send("P")
		tm.must(wait, "deciding as p01")
		id, err := tm.decide()
		if err != nil {
			t.Fatal(err)
		}
		d := decisionOf(t, f, id)
		if d == nil || d.Signature == nil || d.Signature.Key != signing.Fingerprint(key.PublicKey()) || d.SessionKey != d.Signature.Key {
			t.Fatalf("decision %+v", d)
		}
		if err := signing.DecisionRecord("INC-LOAD", d); err != nil {
			t.Errorf("the session's signature does not check: %v", err)
		}
		roster, _ := signing.ParseRoster([]byte(rosterLine("p01", key)), "signers")
		claims, _ := signing.Claims(model.ChainEntry{Kind: "event", Incident: "INC-LOAD", Payload: payloadOf(t, d)}, &signing.Places{})
		if len(claims) != 1 || roster.Verify(claims[0]) != nil {
			t.Errorf("the roster does not accept the session's signature: %+v", claims)
		}
	})
	if v, err := f.store.Verify(context.Background()); err != nil || !v.Intact {
		t.Errorf("%v, %v", v, err)
	}
}

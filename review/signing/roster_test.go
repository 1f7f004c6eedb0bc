package signing

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing/signingtest"
)

func TestARosterLineIsReadAsSshKeygenReadsIt(t *testing.T) {
	a, b := signingtest.NewSigner(t), signingtest.NewSigner(t)
	file := fmt.Sprintf(`# the team
alice %s alice@laptop

bob,robert namespaces="git,signoff",valid-after="20260101Z",valid-before="202607011200Z" %s
`, authorized(a.PublicKey()), authorized(b.PublicKey()))
	r, err := ParseRoster([]byte(file), "allowed_signers")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Signers) != 2 {
		t.Fatalf("got %d signers", len(r.Signers))
	}
	s := r.Signers[1]
	if s.Line != 4 || strings.Join(s.Principals, "|") != "bob|robert" || strings.Join(s.Namespaces, "|") != "git|signoff" {
		t.Errorf("line %d principals %v namespaces %v", s.Line, s.Principals, s.Namespaces)
	}
	if !s.ValidAfter.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) || !s.ValidBefore.Equal(time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("validity %v to %v", s.ValidAfter, s.ValidBefore)
	}
}

func TestABadRosterLineIsRefusedNamingTheLine(t *testing.T) {
	k := authorized(signingtest.NewSigner(t).PublicKey())
	cases := []struct{ name, line, want string }{
		{"a line without a key", "alice", "line 2: no public key"},
		{"a certificate authority", "alice cert-authority " + k, "line 2: cert-authority"},
		{"an unknown option", "alice no-touch-required " + k, `line 2: unknown option "no-touch-required"`},
		{"a bad time", `alice valid-after="next week" ` + k, "line 2: option valid-after"},
		{"a garbled key", "alice ssh-ed25519 AAAAnotbase64!", "line 2: no public key"},
		// The principal is who a session acts as: never a name the record
		// would have to store with a replaced byte.
		{"a principal that is not UTF-8", "al\xffice " + k, "line 2: byte 0xFF is not valid UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseRoster([]byte("# team\n"+c.line+"\n"), "signers")
			if err == nil || !strings.Contains(err.Error(), "allowed signers file signers, "+c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
}

func TestTheRosterSaysWhetherAKeySpeaksForAPerson(t *testing.T) {
	a, b, c, stranger := signingtest.NewSigner(t), signingtest.NewSigner(t), signingtest.NewSigner(t), signingtest.NewSigner(t)
	file := fmt.Sprintf("alice %s\nbob valid-before=\"20260301Z\" %s\ncarol namespaces=\"git\" %s\n",
		authorized(a.PublicKey()), authorized(b.PublicKey()), authorized(c.PublicKey()))
	r, err := ParseRoster([]byte(file), "signers")
	if err != nil {
		t.Fatal(err)
	}
	before, after := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name   string
		person string
		key    ssh.PublicKey
		at     time.Time
		want   string
	}{
		{"alice's key speaks for alice", "alice", a.PublicKey(), after, ""},
		{"alice's key does not speak for bob", "bob", a.PublicKey(), after, "is listed in signers for alice, not for bob"},
		{"bob's key speaks for bob before it expired", "bob", b.PublicKey(), before, ""},
		{"bob's key does not speak for bob after it expired", "bob", b.PublicKey(), after, "only before 2026-03-01 00:00:00 UTC"},
		{"a key kept for git does not sign for signoff", "carol", c.PublicKey(), after, `leave out "signoff"`},
		{"a stranger's key is not in the roster", "alice", stranger.PublicKey(), after, "is not in signers"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := r.Allows(tc.person, tc.key, tc.at)
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestAKeyLogsInAsTheOnePersonItNames(t *testing.T) {
	a, both, pattern, stranger := signingtest.NewSigner(t), signingtest.NewSigner(t), signingtest.NewSigner(t), signingtest.NewSigner(t)
	file := fmt.Sprintf("alice %s\nbob %s\ncarol %s\n*@example.com %s\n",
		authorized(a.PublicKey()), authorized(both.PublicKey()), authorized(both.PublicKey()), authorized(pattern.PublicKey()))
	r, err := ParseRoster([]byte(file), "signers")
	if err != nil {
		t.Fatal(err)
	}
	if p, err := r.Person(a.PublicKey(), t0); p != "alice" || err != nil {
		t.Errorf("alice's key: %q, %v", p, err)
	}
	if _, err := r.Person(both.PublicKey(), t0); err == nil || !strings.Contains(err.Error(), "several people (bob, carol)") {
		t.Errorf("a key of two people: %v", err)
	}
	if _, err := r.Person(pattern.PublicKey(), t0); err == nil || !strings.Contains(err.Error(), "names no person") {
		t.Errorf("a key under a pattern: %v", err)
	}
	if _, err := r.Person(stranger.PublicKey(), t0); err == nil || !strings.Contains(err.Error(), "is not in signers") {
		t.Errorf("a stranger: %v", err)
	}
}

func TestPatternListsMatchAsOpenSSHMatchesThem(t *testing.T) {
	cases := []struct {
		s        string
		patterns []string
		want     bool
	}{
		{"alice", []string{"alice"}, true},
		{"alice", []string{"al*"}, true},
		{"alice", []string{"al?ce"}, true},
		{"alice", []string{"bob", "*"}, true},
		{"alice", []string{"*", "!alice"}, false},
		{"alice", []string{"!bob"}, false},
		{"alice", []string{"ali"}, false},
	}
	for _, c := range cases {
		if got := matchList(c.s, c.patterns); got != c.want {
			t.Errorf("%q against %v: got %v", c.s, c.patterns, got)
		}
	}
}

func TestAClaimHoldsOnlyWithTheRightKeyForThePerson(t *testing.T) {
	alice, mallory := signingtest.NewSigner(t), signingtest.NewSigner(t)
	r, err := ParseRoster([]byte("alice "+authorized(alice.PublicKey())+"\nmallory "+authorized(mallory.PublicKey())+"\n"), "signers")
	if err != nil {
		t.Fatal(err)
	}
	d := decision()
	signDecision(t, alice, &d)
	payload, _ := json.Marshal(d)
	// A decision is an entry of kind event when imported, queue-decision
	// when made in the queue: both carry their signatures.
	for _, kind := range []string{"event", "queue-decision"} {
		claims, err := Claims(model.ChainEntry{Seq: 7, Kind: kind, Incident: "INC-1", Payload: string(payload)}, &Places{})
		if err != nil || len(claims) != 1 {
			t.Fatalf("claims of a %s entry %+v, %v", kind, claims, err)
		}
		if err := r.Verify(claims[0]); err != nil {
			t.Errorf("alice's own signature on a %s entry: %v", kind, err)
		}
	}
	forged := decision()
	signDecision(t, mallory, &forged) // mallory signs a statement naming alice
	payload, _ = json.Marshal(forged)
	claims, _ := Claims(model.ChainEntry{Seq: 8, Kind: "event", Incident: "INC-1", Payload: string(payload)}, &Places{})
	err = r.Verify(claims[0])
	if err == nil || !strings.Contains(err.Error(), "decision D-S3 of INC-1, signed by its owner alice: key SHA256:") || !strings.Contains(err.Error(), "is listed in signers for mallory, not for alice") {
		t.Errorf("mallory signing as alice: %v", err)
	}
}

func TestAStatusChangesSignatureIsAClaimOfItsPerson(t *testing.T) {
	alice, mallory := signingtest.NewSigner(t), signingtest.NewSigner(t)
	r, err := ParseRoster([]byte("alice "+authorized(alice.PublicKey())+"\nmallory "+authorized(mallory.PublicKey())+"\n"), "signers")
	if err != nil {
		t.Fatal(err)
	}
	c := statusChange()
	signStatus(t, alice, &c, true)
	payload, _ := json.Marshal(c)
	claims, err := Claims(model.ChainEntry{Seq: 9, Kind: "status", Incident: "INC-1", Payload: string(payload)}, &Places{})
	if err != nil || len(claims) != 1 || claims[0].Person != "alice" || !claims[0].At.Equal(t0) {
		t.Fatalf("claims of a status entry %+v, %v", claims, err)
	}
	if err := r.Verify(claims[0]); err != nil {
		t.Errorf("alice's own signature of her status change: %v", err)
	}
	signStatus(t, mallory, &c, false) // mallory signs a statement naming alice
	payload, _ = json.Marshal(c)
	claims, _ = Claims(model.ChainEntry{Seq: 10, Kind: "status", Incident: "INC-1", Payload: string(payload)}, &Places{})
	err = r.Verify(claims[0])
	if err == nil || !strings.Contains(err.Error(), "status change ST-2 of INC-1 to closed by alice: key SHA256:") || !strings.Contains(err.Error(), "for mallory, not for alice") {
		t.Errorf("mallory signing as alice: %v", err)
	}
	c.Signature = nil
	payload, _ = json.Marshal(c)
	if claims, _ := Claims(model.ChainEntry{Seq: 11, Kind: "status", Incident: "INC-1", Payload: string(payload)}, &Places{}); len(claims) != 0 {
		t.Errorf("an unsigned change has claims %+v", claims)
	}
}

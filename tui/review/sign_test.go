package review

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	rules "github.com/signoff/signoff/review"
	"github.com/signoff/signoff/review/signing"
	"github.com/signoff/signoff/tui/tuitest"
)

func TestAVerdictIsSignedWithTheReviewersKeyAndShowsIt(t *testing.T) {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	k, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	store := openFixtures(t)
	c := tuitest.Common(store, reviewer, nil)
	c.Sign = func(s string) (model.Signature, error) { return signing.Sign(k, s) }
	a := &App{screen: New(c, testIncident, "", false)}
	drive(t, a, func() tea.Msg { return tea.WindowSizeMsg{Width: 160, Height: 48} })
	drive(t, a, a.Init())
	press(t, a, "]")
	subject := selected(t, a).Subject
	press(t, a, "a", "o", "c", "tab", "w", "h", "y", "ctrl+s")
	st, err := store.Step(context.Background(), testIncident, subject)
	if err != nil {
		t.Fatal(err)
	}
	r := st.LatestReview()
	if r == nil || r.Signature == nil || signing.VerdictRecord(testIncident, r, signing.VerdictPlace(st.Reviews, len(st.Reviews)-1)) != nil {
		t.Fatalf("the saved verdict is not signed over itself: %+v", r)
	}
	// Without a roster the signature holds but nothing says whose key it
	// is; with one listing the key for the reviewer, it is signed.
	fp := signing.Fingerprint(k.PublicKey())
	if got := string(reviewSummary(plainStyles(), &st, len(st.Reviews)-1, rosterIndex{}, rules.DefaultPolicy())); !strings.Contains(got, "by mara (not a known person) at") ||
		!strings.HasSuffix(got, " · "+fp+" (signature holds; no roster names whose key)") {
		t.Errorf("the review bar says %q", got)
	}
	p, err := rules.LoadPolicy(strings.NewReader("signers = \"allowed_signers\"\n[actions]\nenrich = { class = \"read\", tier = \"low\" }\n"), "team.toml")
	if err != nil {
		t.Fatal(err)
	}
	roster, err := signing.ParseRoster([]byte(reviewer+" "+string(ssh.MarshalAuthorizedKey(k.PublicKey()))), "allowed_signers")
	if err != nil {
		t.Fatal(err)
	}
	if got := string(reviewSummary(plainStyles(), &st, len(st.Reviews)-1, rosterIndex{}, p.WithRoster(roster))); !strings.HasSuffix(got, " · "+fp+" (signed)") {
		t.Errorf("with the roster, the review bar says %q", got)
	}
}

// With a roster named in the policy, a verdict signed with a key it does
// not list for the reviewer is refused, saying whose key it is.
func TestAVerdictSignedWithAKeyTheRosterDoesNotGiveTheReviewerIsRefused(t *testing.T) {
	key := func() ssh.Signer {
		_, priv, _ := ed25519.GenerateKey(rand.Reader)
		k, err := ssh.NewSignerFromKey(priv)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	own, mallory := key(), key()
	p, err := rules.LoadPolicy(strings.NewReader("signers = \"allowed_signers\"\n[actions]\nenrich = { class = \"read\", tier = \"low\" }\n"), "team.toml")
	if err != nil {
		t.Fatal(err)
	}
	roster, err := signing.ParseRoster([]byte(reviewer+" "+string(ssh.MarshalAuthorizedKey(own.PublicKey()))+
		"mallory "+string(ssh.MarshalAuthorizedKey(mallory.PublicKey()))), "allowed_signers")
	if err != nil {
		t.Fatal(err)
	}
	store := openFixtures(t)
	c := tuitest.Common(store, reviewer, nil)
	c.Policy = p.WithRoster(roster)
	c.Sign = func(s string) (model.Signature, error) { return signing.Sign(mallory, s) }
	a := &App{screen: New(c, testIncident, "", false)}
	drive(t, a, func() tea.Msg { return tea.WindowSizeMsg{Width: 160, Height: 48} })
	drive(t, a, a.Init())
	press(t, a, "]")
	subject := selected(t, a).Subject
	press(t, a, "a", "o", "c", "tab", "w", "h", "y", "ctrl+s")
	st, err := store.Step(context.Background(), testIncident, subject)
	if err != nil {
		t.Fatal(err)
	}
	if r := st.LatestReview(); r != nil && r.Signature != nil {
		t.Fatalf("a verdict signed with mallory's key was recorded: %+v", r)
	}
	want := "key " + signing.Fingerprint(mallory.PublicKey()) + " is listed in allowed_signers for mallory, not for " + reviewer
	if got := strings.Join(strings.Fields(screenText(a)), " "); !strings.Contains(got, want) {
		t.Errorf("the screen does not say %q:\n%s", want, a.View())
	}
}

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
	if r == nil || r.Signature == nil || signing.VerdictRecord(testIncident, r) != nil {
		t.Fatalf("the saved verdict is not signed over itself: %+v", r)
	}
	if got := string(reviewSummary(r, rosterIndex{})); !strings.Contains(got, "by mara (not a known person) at") || !strings.HasSuffix(got, " · "+signing.Fingerprint(k.PublicKey())+" (signed)") {
		t.Errorf("the review bar says %q", got)
	}
}

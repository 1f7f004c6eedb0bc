package serve

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/signoff/signoff/review"
)

// keyring is an ssh-agent holding key, as the person's laptop runs one.
func keyring(t *testing.T, key gossh.Signer) agent.Agent {
	t.Helper()
	ring := agent.NewKeyring()
	// The test keys are ed25519; the keyring needs the private key, which
	// the signer does not expose, so the test keeps its own copy.
	privateMu.Lock()
	priv, ok := privateOf[key]
	privateMu.Unlock()
	if !ok {
		t.Fatal("the test key has no private half on record")
	}
	if err := ring.Add(agent.AddedKey{PrivateKey: priv}); err != nil {
		t.Fatal(err)
	}
	return ring
}

// forwardAgent does what ssh -A does: serve the agent to the server on
// the connection and ask for it on the session.
func forwardAgent(c *gossh.Client, s *gossh.Session, ring agent.Agent) error {
	if err := agent.ForwardToAgent(c, ring); err != nil {
		return err
	}
	return agent.RequestAgentForwarding(s)
}

func writePolicy(t *testing.T, line string) *review.Policy {
	t.Helper()
	b, err := os.ReadFile("../../../fixtures/policy.toml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "policy.toml")
	os.WriteFile(path, []byte(strings.Replace(string(b), "require_signature = []", line, 1)), 0o600)
	f, _ := os.Open(path)
	defer f.Close()
	p, err := review.LoadPolicy(f, path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func payloadOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

package signing

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing/signingtest"
)

// signoff's signatures are OpenSSH's: ssh-keygen must accept what Sign
// makes, and Check what ssh-keygen makes.

func sshKeygen(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("ssh-keygen")
	if err != nil {
		t.Skip("ssh-keygen is not installed (Debian: apt-get install openssh-client); skipping the check against OpenSSH itself")
	}
	return path
}

func TestSshKeygenVerifiesWhatSignoffSigns(t *testing.T) {
	bin := sshKeygen(t)
	dir := t.TempDir()
	k := signingtest.NewSigner(t)
	write(t, dir, "allowed_signers", "alice "+authorized(k.PublicKey())+"\n")
	st := VerdictOf("INC-1", &model.Review{Subject: "S3", Reviewer: "alice", Verdict: model.VerdictFollowed, OutcomeChanged: "no", AICorrect: "yes", Note: "ünïcode & <marks>"}, "").Text()
	sig, err := Sign(k, st)
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "statement", st)
	write(t, dir, "sig", sig.SSHSig)
	verify := func(identity, statement string) (string, error) {
		cmd := exec.Command(bin, "-Y", "verify", "-n", "signoff", "-I", identity, "-f", filepath.Join(dir, "allowed_signers"), "-s", filepath.Join(dir, "sig"))
		cmd.Stdin = strings.NewReader(statement)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := verify("alice", st); err != nil {
		t.Fatalf("ssh-keygen refused signoff's signature: %v\n%s", err, out)
	}
	if out, err := verify("bob", st); err == nil {
		t.Fatalf("ssh-keygen accepted alice's signature as bob's:\n%s", out)
	}
	if out, err := verify("alice", st+" "); err == nil {
		t.Fatalf("ssh-keygen accepted a changed statement:\n%s", out)
	}
}

func TestSignoffChecksWhatSshKeygenSigns(t *testing.T) {
	bin := sshKeygen(t)
	dir := t.TempDir()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	keyPath := write(t, dir, "id_ed25519", string(pem.EncodeToMemory(block)))
	os.Chmod(keyPath, 0o600)
	st := `{"signoff":"verdict/v1","incident":"INC-1","subject":"S3","by":"alice","verdict":"followed","outcome_changed":"no","ai_correct":"yes"}`
	cmd := exec.Command(bin, "-Y", "sign", "-n", "signoff", "-f", keyPath)
	cmd.Stdin = strings.NewReader(st)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("ssh-keygen -Y sign: %v\n%s", err, errOut.String())
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	sig := model.Signature{Key: Fingerprint(signer.PublicKey()), Statement: st, SSHSig: out.String()}
	if _, err := Check(&sig); err != nil {
		t.Fatalf("signoff refused ssh-keygen's signature: %v", err)
	}
}

func write(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

package signing

import (
	"bytes"
	"errors"
	"strings"

	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
)

// hash is the one ssh-keygen uses by default, so signoff's signatures look
// like any other SSHSIG signature.
const hash = sshsig.HashSHA512

// Sign signs a statement's text with signer (a key file's or an agent's)
// and returns the signature as a record carries it.
func Sign(signer ssh.Signer, text string) (model.Signature, error) {
	s, err := sshsig.Sign(strings.NewReader(text), signer, hash, model.SignatureNamespace)
	if err != nil {
		return model.Signature{}, err
	}
	return model.Signature{Key: Fingerprint(signer.PublicKey()), Statement: text, SSHSig: string(sshsig.Armor(s))}, nil
}

// Fingerprint is the key's SHA-256 fingerprint as ssh-keygen -l prints it.
func Fingerprint(k ssh.PublicKey) string { return ssh.FingerprintSHA256(k) }

// Check verifies that the signature is an SSHSIG signature in signoff's
// namespace over exactly its statement, by the key it names; it returns
// that key. Who the key belongs to is the roster's question (Roster.Allows).
func Check(sig *model.Signature) (ssh.PublicKey, error) {
	s, err := sshsig.Unarmor([]byte(sig.SSHSig))
	if err != nil {
		return nil, errors.New("its sshsig is not a readable SSH signature")
	}
	if s.Namespace != model.SignatureNamespace {
		return nil, errors.New("it was made for the namespace " + quote(s.Namespace) + ", not " + quote(model.SignatureNamespace))
	}
	if got := Fingerprint(s.PublicKey); got != sig.Key {
		return nil, errors.New("it was made by key " + got + ", not the " + sig.Key + " it names")
	}
	if err := sshsig.Verify(bytes.NewReader([]byte(sig.Statement)), s, s.PublicKey, s.HashAlgorithm, model.SignatureNamespace); err != nil {
		return nil, errors.New("it does not verify over its statement (the statement was changed, or the signature was not made over it)")
	}
	return s.PublicKey, nil
}

func quote(s string) string { return "\"" + s + "\"" }

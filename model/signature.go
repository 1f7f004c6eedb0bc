package model

import (
	"encoding/base64"
	"strings"
)

// Who did something is only as strong as what proved it. A record made in
// a `signoff serve` session carries SessionKey, the fingerprint of the SSH
// key the person logged in with; a record signed with the person's own key
// carries a Signature anyone can check with ssh-keygen. Both are optional:
// history imported from elsewhere, and work at a local terminal without a
// key, have neither.

// SignatureNamespace is the SSHSIG namespace of every signoff signature, so
// a signature made for signoff is never accepted elsewhere, nor one made
// elsewhere (a git commit's) here.
const SignatureNamespace = "signoff"

// Signature is a person's SSHSIG signature over the statement of what they
// decided or recorded. Statement holds the exact text signed, so an
// auditor can check it with `ssh-keygen -Y verify` from an export alone.
type Signature struct {
	Key       string `json:"key"`       // the signing key's fingerprint, SHA256:…
	Statement string `json:"statement"` // the text signed
	SSHSig    string `json:"sshsig"`    // the armored signature (-----BEGIN SSH SIGNATURE-----)
}

// SignatureCheck is what checking a record's signature found, as the
// machine-readable outputs (the JSON report, the exports) say it. Only
// SignatureVerified is what the screens and the Markdown call "signed".
type SignatureCheck string

const (
	// SignatureVerified: the signature verifies over a statement saying
	// what the record says, and the roster the policy names lists its key
	// for the person at the record's time.
	SignatureVerified SignatureCheck = "verified"
	// SignatureKeyNotChecked: the signature verifies over a statement of
	// the record, but the policy names no roster, so nothing says whose
	// key made it (signoff verify --signers does).
	SignatureKeyNotChecked SignatureCheck = "key not checked"
	// SignatureDoesNotVerify: the signature does not verify, its statement
	// does not say what the record says, or the roster does not list its
	// key for the person (the signature-mismatch finding says which).
	SignatureDoesNotVerify SignatureCheck = "does not verify"
	// SignatureNotChecked: the record carries a signature nobody checked.
	SignatureNotChecked SignatureCheck = "not checked"
)

// Valid reports whether c is one of the checks above.
func (c SignatureCheck) Valid() bool {
	switch c {
	case SignatureVerified, SignatureKeyNotChecked, SignatureDoesNotVerify, SignatureNotChecked:
		return true
	}
	return false
}

// ProvenBy is the fingerprint of the key behind a record: the signing key
// when it is signed, else the session's, else "".
func ProvenBy(sessionKey string, sig *Signature) string {
	if sig != nil {
		return sig.Key
	}
	return sessionKey
}

// ValidFingerprint reports whether s is an OpenSSH SHA-256 key
// fingerprint: "SHA256:" and 43 characters of unpadded base64.
func ValidFingerprint(s string) bool {
	rest, ok := strings.CutPrefix(s, "SHA256:")
	if !ok || len(rest) != 43 {
		return false
	}
	b, err := base64.RawStdEncoding.DecodeString(rest)
	return err == nil && len(b) == 32
}

// validateProof checks the shape of a record's key and signature; whether
// the signature holds is review/signing's to say.
func validateProof(where, sessionKey string, sig *Signature) error {
	if sessionKey != "" && !ValidFingerprint(sessionKey) {
		return invalid("%s: field \"session_key\" is %q; expected an SSH key fingerprint (SHA256:…)", where, sessionKey)
	}
	if sig == nil {
		return nil
	}
	switch {
	case !ValidFingerprint(sig.Key):
		return invalid("%s: the signature's \"key\" is %q; expected an SSH key fingerprint (SHA256:…)", where, sig.Key)
	case sig.Statement == "":
		return invalid("%s: the signature has no \"statement\" (the text signed)", where)
	case !strings.HasPrefix(strings.TrimSpace(sig.SSHSig), "-----BEGIN SSH SIGNATURE-----"):
		return invalid("%s: the signature's \"sshsig\" is not an armored SSH signature (-----BEGIN SSH SIGNATURE-----)", where)
	}
	return nil
}

package model

import (
	"strings"
	"testing"
)

const fp = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"

func sig() *Signature {
	return &Signature{Key: fp, Statement: `{"signoff":"decision/v1"}`, SSHSig: "-----BEGIN SSH SIGNATURE-----\nAA==\n-----END SSH SIGNATURE-----\n"}
}

func TestRecordsMayCarryTheKeyThatProvesThem(t *testing.T) {
	d := validDoc()
	d.Events[1].SessionKey, d.Events[1].Signature = fp, sig()
	d.Events[1].Approvals = []Approval{{By: "alice", At: t0, SessionKey: fp, Signature: sig()}}
	d.Reviews[0].SessionKey, d.Reviews[0].Signature = fp, sig()
	d.StatusChanges = []StatusChange{{ID: "ST-1", Status: StatusClosed, By: "alice", At: t0, Rationale: "done", SessionKey: fp, Signature: sig()}}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestABadKeyOrSignatureIsRefusedNamingTheRecord(t *testing.T) {
	cases := []struct {
		name   string
		break_ func(d *Document)
		want   string
	}{
		{"a session key that is not a fingerprint", func(d *Document) { d.Events[1].SessionKey = "alice's laptop" }, `decision D1: field "session_key"`},
		{"a fingerprint of the wrong length", func(d *Document) { d.Reviews[0].SessionKey = "SHA256:abc" }, `review of S1: field "session_key"`},
		{"a signature without a key", func(d *Document) { s := sig(); s.Key = ""; d.Events[1].Signature = s }, `decision D1: the signature's "key"`},
		{"a signature without its statement", func(d *Document) { s := sig(); s.Statement = ""; d.Reviews[0].Signature = s }, `review of S1: the signature has no "statement"`},
		{"a signature that is not armored", func(d *Document) {
			s := sig()
			s.SSHSig = "c2lnbmF0dXJl"
			d.Events[1].Approvals = []Approval{{By: "alice", At: t0, Signature: s}}
		}, `decision D1, approval by alice: the signature's "sshsig"`},
		{"a signature on an execution", func(d *Document) { d.Events[2].Signature = sig() }, `"signature"`},
		{"a session key on a suggestion", func(d *Document) { d.Events[0].SessionKey = fp }, `"session_key"`},
		{"a status change's session key that is not a fingerprint", func(d *Document) {
			d.StatusChanges = []StatusChange{{ID: "ST-1", Status: StatusClosed, By: "alice", At: t0, Rationale: "done", SessionKey: "laptop"}}
		}, `status change ST-1: field "session_key"`},
		{"a status change's signature without its statement", func(d *Document) {
			s := sig()
			s.Statement = ""
			d.StatusChanges = []StatusChange{{ID: "ST-1", Status: StatusClosed, By: "alice", At: t0, Rationale: "done", Signature: s}}
		}, `status change ST-1: the signature has no "statement"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := validDoc()
			c.break_(&d)
			err := d.Validate()
			if err == nil || ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want EINVALID mentioning %q", err, c.want)
			}
		})
	}
}

func TestProvenByPrefersTheSignature(t *testing.T) {
	other := "SHA256:" + strings.Repeat("A", 43)
	if got := ProvenBy(other, sig()); got != fp {
		t.Errorf("signed: got %q", got)
	}
	if got := ProvenBy(other, nil); got != other {
		t.Errorf("session only: got %q", got)
	}
	if got := ProvenBy("", nil); got != "" {
		t.Errorf("neither: got %q", got)
	}
}

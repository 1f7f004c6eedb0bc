package common

import (
	"testing"

	"github.com/signoff/signoff/model"
)

func TestTheKeyBehindARecordIsNamedWithHowItProvesIt(t *testing.T) {
	key := "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"
	sig := &model.Signature{Key: key}
	cases := []struct {
		name, session string
		sig           *model.Signature
		want          string
	}{
		{"a signed record", "", sig, key + " (signed)"},
		{"a record made in a session", key, nil, key + " (logged in)"},
		{"a record with neither", "", nil, ""},
	}
	for _, c := range cases {
		if got := string(Proof(c.session, c.sig)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

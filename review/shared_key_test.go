package review

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// A critical action's two approvals made with one key (a roster listing
// it for alice and for dave) are one holder's: findings count them as one
// approval, as the queue now refuses the second; approvals with two keys
// are two.
func TestApprovalsMadeWithOneKeyCountAsOnePerson(t *testing.T) {
	const shared, other = "SHA256:shared", "SHA256:other"
	for _, c := range []struct {
		name         string
		owner, daves model.Approval // the keys carried: Signature.Key and SessionKey
		want         string         // in missing-approval's message; "" wants none
	}{
		{"signed with one key", model.Approval{Signature: &model.Signature{Key: shared}}, model.Approval{Signature: &model.Signature{Key: shared}},
			`only 1 (alice): dave approved with the key SHA256:shared of alice and counts as the same person`},
		{"made in sessions of one key", model.Approval{SessionKey: shared}, model.Approval{SessionKey: shared},
			`only 1 (alice): dave approved with the key SHA256:shared of alice and counts as the same person`},
		{"signed with two keys", model.Approval{Signature: &model.Signature{Key: shared}}, model.Approval{Signature: &model.Signature{Key: other}}, ""},
		{"unsigned", model.Approval{}, model.Approval{}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := cleanDoc()
			event(t, &doc, "S1").Action.Type = "delete_resource"
			dec := event(t, &doc, "D1")
			dec.Action.Type = "delete_resource"
			dec.Signature, dec.SessionKey = c.owner.Signature, c.owner.SessionKey
			dec.Approvals = []model.Approval{{By: "dave", At: at(13), Signature: c.daves.Signature, SessionKey: c.daves.SessionKey}}
			var got *Finding
			fs := findingsWith(doc, model.LookAlikes{})
			for i := range fs {
				if fs[i].Code == CodeMissingApproval && fs[i].Subject == "D1" {
					got = &fs[i]
				}
			}
			switch {
			case c.want == "" && got != nil:
				t.Fatalf("unexpected missing-approval: %s", got.Message)
			case c.want != "" && got == nil:
				t.Fatalf("no missing-approval on D1: %+v", fs)
			case c.want != "" && !strings.Contains(got.Message, c.want):
				t.Fatalf("missing-approval says %q, which lacks %q", got.Message, c.want)
			}
		})
	}
}

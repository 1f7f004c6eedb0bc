package db

import (
	"encoding/json"
	"testing"

	"github.com/signoff/signoff/model"
)

// The fast payload reader must read every payload the way encoding/json
// does: the same row, and an error exactly when encoding/json gives one.
func TestVerifyPayloadReaderAgreesWithEncodingJSON(t *testing.T) {
	events := []struct{ name, payload string }{
		{"a plain execution reads the same", `{"id":"X1","at":"2026-01-06T00:21:45Z","kind":"execution","actor":"fw","decision":"D1","automated":true,"result":"succeeded"}`},
		{"a suggestion with every optional field reads the same", `{"id":"S1","at":"2026-01-05T08:02:50Z","kind":"suggestion","evidence":["EV-3","EV-4"],"agent":"scorer","action":{"type":"delete_resource","target":"secret","detail":"cut access"},"confidence":0.56,"confidence_cue":"weak","rank":3,"rationale":"fits","alternatives":[{"type":"wipe_host"}],"raw_output":"{\"action\":\"delete\"}","expires_at":"2026-01-05T09:00:00.5+02:00"}`},
		{"a decision with rejected alternatives and approvals reads the same", `{"id":"D1","at":"2026-01-05T08:03:07Z","kind":"decision","action":{"type":"quarantine"},"suggestion":"S1","owner":"alice","outcome":"modified","evidence_reviewed":["EV-3"],"alternatives_rejected":[{"action":{"type":"delete","target":"bin"},"reason":"no"}],"approvals":[{"by":"noor","at":"2026-01-05T08:03:04Z"}]}`},
		{"a signed decision with a signed approval reads the same", `{"id":"D1","at":"2026-01-05T08:03:07Z","kind":"decision","suggestion":"S1","owner":"alice","outcome":"rejected","approvals":[{"by":"noor","at":"2026-01-05T08:03:04Z","session_key":"SHA256:k","signature":{"key":"SHA256:k","statement":"{\"by\":\"noor\"}","sshsig":"-----BEGIN SSH SIGNATURE-----\nAA==\n"}}],"session_key":"SHA256:j","signature":{"key":"SHA256:j","statement":"s","sshsig":"x"}}`},
		{"a signature that is not an object fails the same", `{"id":"D1","at":"2026-01-05T08:03:07Z","kind":"decision","signature":"x"}`},
		{"spaces between tokens read the same", " { \"id\" : \"E1\" ,\n\t\"at\":\"2026-01-05T08:00:00Z\", \"kind\": \"alert\", \"source\": \"idp\", \"summary\": \"x\" } \n"},
		{"an escaped quote in a field the row holds reads the same", `{"id":"E1","at":"2026-01-05T08:00:00Z","kind":"note","actor":"a","summary":"say \"hi\""}`},
		{"a unicode escape in the id reads the same", `{"id":"E\u00e91","at":"2026-01-05T08:00:00Z","kind":"note"}`},
		{"invalid UTF-8 in the summary reads the same", "{\"id\":\"E1\",\"at\":\"2026-01-05T08:00:00Z\",\"kind\":\"note\",\"summary\":\"a\xffb\"}"},
		{"a null action reads the same", `{"id":"E1","at":"2026-01-05T08:00:00Z","kind":"suggestion","action":null}`},
		{"a repeated key reads the same", `{"id":"E1","at":"2026-01-05T08:00:00Z","kind":"note","summary":"first","summary":"second"}`},
		{"a key spelled in capitals reads the same", `{"id":"E1","at":"2026-01-05T08:00:00Z","kind":"note","Summary":"caps"}`},
		{"an unknown key reads the same", `{"id":"E1","at":"2026-01-05T08:00:00Z","kind":"note","colour":"red"}`},
		{"a missing time reads the same", `{"id":"E1","kind":"note"}`},
		{"an empty object reads the same", `{}`},
		{"a rank given as a string fails the same", `{"id":"E1","at":"2026-01-05T08:00:00Z","kind":"suggestion","rank":"3"}`},
		{"a fractional rank fails the same", `{"id":"E1","at":"2026-01-05T08:00:00Z","kind":"suggestion","rank":1.5}`},
		{"a bad approval time fails the same", `{"id":"D1","at":"2026-01-05T08:00:00Z","kind":"decision","approvals":[{"by":"n","at":"soon"}]}`},
		{"a bad expiry time fails the same", `{"id":"S1","at":"2026-01-05T08:00:00Z","kind":"suggestion","expires_at":"later"}`},
		{"a bad event time fails the same", `{"id":"E1","at":"yesterday","kind":"note"}`},
		{"a misspelt literal fails the same", `{"id":"X1","at":"2026-01-05T08:00:00Z","kind":"execution","automated":tru}`},
		{"a number among the evidence fails the same", `{"id":"E1","at":"2026-01-05T08:00:00Z","kind":"alert","evidence":["EV-1",1]}`},
		{"text after the object fails the same", `{"id":"E1","at":"2026-01-05T08:00:00Z","kind":"note"} x`},
		{"an unterminated string fails the same", `{"id":"E1`},
		{"an array fails the same", `["E1"]`},
	}
	for _, c := range events {
		t.Run(c.name, func(t *testing.T) {
			got, gotErr := eventRowOf(c.payload)
			want, wantErr := slowEventRow(c.payload)
			if (gotErr != nil) != (wantErr != nil) || got != want {
				t.Errorf("fast reader gave %+v, %v; encoding/json gave %+v, %v", got, gotErr, want, wantErr)
			}
		})
	}
	evidence := []struct{ name, payload string }{
		{"plain evidence reads the same", `{"id":"EV-2","kind":"dns-log","asset":"bin","collected_at":"2026-01-05T08:00:42Z","collected_by":"noor","sha256":"40ab","uri":"s3://x/EV-2","summary":"dns-log of bin"}`},
		{"evidence with an escaped summary reads the same", `{"id":"EV-2","kind":"dns-log","collected_at":"2026-01-05T08:00:42Z","collected_by":"noor","summary":"a\nb"}`},
		{"evidence with a bad time fails the same", `{"id":"EV-2","kind":"dns-log","collected_at":"now","collected_by":"noor"}`},
	}
	for _, c := range evidence {
		t.Run(c.name, func(t *testing.T) {
			got, gotErr := evidenceRowOf(c.payload)
			want, wantErr := slowEvidenceRow(c.payload)
			if (gotErr != nil) != (wantErr != nil) || got != want {
				t.Errorf("fast reader gave %+v, %v; encoding/json gave %+v, %v", got, gotErr, want, wantErr)
			}
		})
	}
	reviews := []struct{ name, payload string }{
		{"a plain review reads the same", `{"subject":"S1","reviewer":"noor","at":"2026-01-08T00:21:45Z","verdict":"followed","outcome_changed":"yes","ai_correct":"no","note":"it \"was\" fine"}`},
		{"a review with a numeric verdict fails the same", `{"subject":"S1","reviewer":"noor","at":"2026-01-08T00:21:45Z","verdict":1}`},
	}
	for _, c := range reviews {
		t.Run(c.name, func(t *testing.T) {
			var got, want model.Review
			gotErr := decodeReview(c.payload, &got)
			wantErr := json.Unmarshal([]byte(c.payload), &want)
			if (gotErr != nil) != (wantErr != nil) || got.Subject != want.Subject || got.Reviewer != want.Reviewer ||
				!got.At.Equal(want.At) || got.Verdict != want.Verdict {
				t.Errorf("fast reader gave %+v, %v; encoding/json gave %+v, %v", got, gotErr, want, wantErr)
			}
		})
	}
}

// The fast path must actually read signoff's own payloads, or verify is
// slow again without any test noticing.
func TestVerifyPayloadReaderTakesCanonicalPayloadsWithoutEncodingJSON(t *testing.T) {
	conf := 0.5
	ev := model.Event{ID: "D1", Kind: model.KindDecision, Owner: "alice", Summary: "plain", RawOutput: "{\"a\":1}\n",
		Action: &model.Action{Type: "isolate", Target: "h1", Detail: "d"}, Confidence: &conf, Rank: 2, ExpiresAt: &clock,
		Alternatives: []model.Action{{Type: "wipe"}}, EvidenceReviewed: []string{"EV-1"},
		AlternativesRejected: []model.RejectedAlternative{{Action: model.Action{Type: "x"}, Reason: "r"}},
		Approvals:            []model.Approval{{By: "noor", SessionKey: "SHA256:k", Signature: &model.Signature{Key: "SHA256:k", Statement: "{\"a\":1}\n", SSHSig: "-----BEGIN SSH SIGNATURE-----\nAA==\n-----END SSH SIGNATURE-----\n"}}},
		SessionKey:           "SHA256:k", Signature: &model.Signature{Key: "SHA256:k", Statement: "s", SSHSig: "-----BEGIN SSH SIGNATURE-----"}}
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	var v [maxFields]string
	if _, ok := scan(string(b), eventShape, &v); !ok {
		t.Errorf("the fast reader handed %s to encoding/json", b)
	}
}

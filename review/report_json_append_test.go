package review

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// marshalled is what MarshalIndent gives, or its error.
func marshalled(v any, prefix string) ([]byte, error) {
	return json.MarshalIndent(v, prefix, "  ")
}

// checkStep holds the step encoder to MarshalIndent for one step: the
// same bytes, or an error where it errs.
func checkStep(t *testing.T, rs ReportStep) {
	t.Helper()
	for _, prefix := range []string{"", "    "} {
		want, werr := marshalled(rs, prefix)
		e := stepJSON{prefix: prefix}
		got := e.step(&rs)
		if (werr != nil) != (e.err != nil) {
			t.Fatalf("MarshalIndent's error %v, the encoder's %v", werr, e.err)
		}
		if werr != nil {
			if werr.Error() != e.err.Error() {
				t.Errorf("MarshalIndent's error %q, the encoder's %q", werr, e.err)
			}
			continue
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("prefix %q: the encoder wrote\n%s\nMarshalIndent\n%s", prefix, got, want)
		}
	}
}

// fullStep is a step with every field of every record set, in s.
func fullStep(s string, conf float64, at time.Time) ReportStep {
	sig := &model.Signature{Key: s, Statement: s + "\n", SSHSig: s}
	ev := model.Event{ID: s, At: at, Kind: model.EventKind(s), Source: s, Actor: s, Summary: s, Detail: s,
		Evidence: []string{s, ""}, Agent: s, Action: &model.Action{Type: s, Target: s, Detail: s},
		Confidence: &conf, ConfidenceCue: s, Rank: -3, Rationale: s,
		Alternatives: []model.Action{{Type: s}, {Type: "", Detail: s}}, RawOutput: s, ExpiresAt: &at,
		Suggestion: s, Owner: s, Outcome: model.Outcome(s), EvidenceReviewed: []string{s},
		AlternativesRejected: []model.RejectedAlternative{{Action: model.Action{Type: s, Target: s}, Reason: s}},
		Approvals:            []model.Approval{{By: s, At: at, SessionKey: s, Signature: sig}, {By: s, At: at}},
		SessionKey:           s, Signature: sig, Decision: s, Automated: true, Result: model.ExecResult(s)}
	v := model.Verdict(s)
	rec := ReviewRecord{Verdict: v, OutcomeChanged: model.OutcomeChanged(s), AICorrect: model.AICorrect(s), Reviewer: s, At: at, Note: s, Key: s, Signed: true, SignatureCheck: model.SignatureCheck(s)}
	return ReportStep{Subject: s, Suggestion: &ev, Decision: &ev, Executions: []model.Event{ev, {ID: s, At: at}},
		Tier: model.Tier(s), ProposedVerdict: &v, Review: &rec, History: []ReviewRecord{rec, {}},
		Findings: []Finding{{Code: s, Level: s, Subject: s, Message: s}, {}}}
}

// The step encoder writes what MarshalIndent writes, for every step of
// every fixture, the hostile incident and a synthetic one, for a step with
// every field set, and for the empty and absent values each field can have.
func TestTheStepEncoderIsMarshalIndent(t *testing.T) {
	p := DefaultPolicy()
	for name, doc := range streamDocs(t) {
		t.Run(name, func(t *testing.T) {
			r := BuildReport(doc, p, testChain)
			for _, rs := range r.Steps {
				checkStep(t, rs)
			}
			for _, fs := range [][]Finding{r.Findings, nil, {}} {
				want, _ := marshalled(fs, "  ")
				e := stepJSON{prefix: "  "}
				if got := e.findingList(fs); !bytes.Equal(got, want) {
					t.Errorf("findings: the encoder wrote\n%s\nMarshalIndent\n%s", got, want)
				}
			}
		})
	}
	at := time.Date(2026, 3, 10, 11, 40, 5, 120000000, time.UTC)
	t.Run("every field set", func(t *testing.T) { checkStep(t, fullStep(evil, 0.5, at)) })
	t.Run("nothing set", func(t *testing.T) { checkStep(t, ReportStep{}) })
	t.Run("empty lists", func(t *testing.T) {
		checkStep(t, ReportStep{Executions: []model.Event{}, History: []ReviewRecord{}, Findings: []Finding{},
			Suggestion: &model.Event{Evidence: []string{}, Alternatives: []model.Action{}, Approvals: []model.Approval{}}})
	})
	for _, f := range []float64{0, 1, -1, 0.1, 1e-6, 9.99e-7, 1e20, 1e21, 123456789e-20, -2.5e-9, math.MaxFloat64, math.SmallestNonzeroFloat64, math.Copysign(0, -1)} {
		checkStep(t, fullStep("x", f, at))
	}
	for _, f := range []float64{math.NaN(), math.Inf(1)} {
		checkStep(t, fullStep("x", f, at))
	}
	for _, when := range []time.Time{{}, at.In(time.FixedZone("", 5*3600+30*60)), at.In(time.FixedZone("", -7)), at.In(time.FixedZone("", 24*3600)),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), at.Add(1)} {
		checkStep(t, fullStep("x", 0.5, when))
	}
}

// Strings are where encoders differ: escapes, control characters,
// invalid UTF-8, U+2028 and U+2029, and the HTML characters encoding/json
// escapes.
func FuzzStepEncoder(f *testing.F) {
	for _, s := range []string{"", "plain", evil, "\x00\x1f\x7f", "<a href='x'>&amp;</a>", "\u2028\u2029", "\xff\xfe", "\xed\xa0\x80", "é\u00a0\U0001F600", `\"\\/`, "\t\r\n\b\f"} {
		f.Add(s, 0.75, int64(1773142800000000000), 0)
	}
	f.Fuzz(func(t *testing.T, s string, conf float64, nanos int64, offset int) {
		at := time.Unix(0, nanos).In(time.FixedZone("", offset%(30*3600)))
		checkStep(t, fullStep(s, conf, at))
	})
}

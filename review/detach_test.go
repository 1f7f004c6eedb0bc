package review

import (
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/signoff/signoff/model"
)

// A detached decision equals the one read and shares no text with the
// payload it was read from, so keeping it does not keep the payload.
func TestDetachedSharesNoTextWithThePayload(t *testing.T) {
	payload := "D1alicebecause I checkedrevoke_tokendeploy-botEV-1"
	cut := func(from, to int) string { return payload[from:to] }
	conf := 0.5
	read := model.Event{ID: cut(0, 2), At: time.Unix(100, 0), Kind: model.KindDecision, Owner: cut(2, 7),
		Rationale: cut(7, 24), Outcome: model.OutcomeApproved, Confidence: &conf,
		Action:           &model.Action{Type: cut(24, 36), Target: cut(36, 46)},
		EvidenceReviewed: []string{cut(46, 50)}}
	kept := detached(read)
	if !reflect.DeepEqual(kept, read) {
		t.Fatalf("detached %+v, read %+v", kept, read)
	}
	start := uintptr(unsafe.Pointer(unsafe.StringData(payload)))
	for name, s := range map[string]string{"id": kept.ID, "owner": kept.Owner, "rationale": kept.Rationale,
		"action type": kept.Action.Type, "action target": kept.Action.Target, "evidence reviewed": kept.EvidenceReviewed[0]} {
		if p := uintptr(unsafe.Pointer(unsafe.StringData(s))); p >= start && p < start+uintptr(len(payload)) {
			t.Errorf("the %s still points into the payload", name)
		}
	}
	if kept.Action == read.Action || kept.Confidence == read.Confidence {
		t.Error("the copy shares a pointer with the decision read")
	}
}

package db

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// storeLookAlike appends person to incident as an import made before ids
// that read alike were refused would have: through the writer, with its
// chain entry, skipping only the rule.
func storeLookAlike(t *testing.T, d *DB, incident string, p model.Person) {
	t.Helper()
	storeAround(t, d, incident, recPerson, "people", p.ID, p)
}

// storeLookAlikeAsset does the same for an asset (which the rule has
// never covered: it shows assets that read alike all the same).
func storeLookAlikeAsset(t *testing.T, d *DB, incident string, a model.Asset) {
	t.Helper()
	storeAround(t, d, incident, recAsset, "assets", a.ID, a)
}

func storeAround(t *testing.T, d *DB, incident, kind, table, id string, v any) {
	t.Helper()
	ctx := context.Background()
	tx, err := d.beginWrite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	w, err := d.newWriter(ctx, tx, "importer", d.now())
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.QueryRowContext(ctx, "SELECT seq FROM incidents WHERE id = ?", incident).Scan(&w.inc); err != nil {
		t.Fatal(err)
	}
	w.incID = incident
	seq, err := w.entry(ctx, kind, id, v)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.exec(ctx, "INSERT INTO "+table+" (seq, inc, id) VALUES (?, ?, ?)", seq, w.inc, id); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// An incident stored with two people whose ids read alike, imported before
// the rule, stays as recorded: findings still walk it, its export is
// written, and importing that export is refused with the sentence naming
// both; a stream appending to it is checked against both.
func TestAnIncidentStoredWithIDsThatReadAlikeKeepsWorking(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		ctx := context.Background()
		importDoc(t, d, sampleDoc())
		storeLookAlike(t, d, "INC-1", model.Person{ID: "\u0430lice", Name: "Alice Moreau", Authority: model.AuthorityHigh})
		if v, err := d.Verify(ctx); err != nil || !v.Intact {
			t.Fatalf("the stored pair does not verify: %+v, %v", v, err)
		}
		var steps int
		err := d.EachStep(ctx, "INC-1", func(ws model.WalkStart) error {
			_ = review.NewStepChecker(ws, review.DefaultPolicy())
			return nil
		}, func(*model.Step) error { steps++; return nil })
		if err != nil || steps == 0 {
			t.Fatalf("findings cannot walk the incident: %d steps, %v", steps, err)
		}
		exported := exportOf(t, d, "INC-1")
		if !bytes.Contains(exported, []byte(`"id": "\u0430lice"`)) && !bytes.Contains(exported, []byte("\"id\": \"\u0430lice\"")) {
			t.Fatalf("the export lacks the stored look-alike:\n%s", exported)
		}
		_, err = openTest(t).ImportDocument(ctx, "INC-1.json", bytes.NewReader(exported), "importer")
		wantError(t, err, model.EINVALID, `person "аlice" (spelt "\u0430lice") reads like person "alice": two people must never read as one name`)
		wantError(t, err, model.EINVALID, `reads differently; a database holding such ids from before they were refused moves, as stored, with "signoff copy"`)

		_, err = importStream(t, d, "more.ndjson", sampleHeader(t, "")+`{"record": "person", "id": "ALICE", "name": "A", "authority": "low"}`+"\n")
		wantError(t, err, model.EINVALID, `more.ndjson line 2: person "ALICE" reads like person "alice"`)
		if _, err := importStream(t, d, "more.ndjson", sampleHeader(t, "")+`{"record": "person", "id": "alicia", "name": "A", "authority": "low"}`+"\n"); err != nil {
			t.Fatal(err)
		}
	})
}

// findingsOf walks an incident's steps as `signoff findings` does.
func findingsOf(t *testing.T, d *DB, incident string) []review.Finding {
	t.Helper()
	var chk *review.StepChecker
	var fs []review.Finding
	err := d.EachStep(context.Background(), incident, func(ws model.WalkStart) error {
		chk = review.NewStepChecker(ws, review.DefaultPolicy())
		return nil
	}, func(s *model.Step) error { fs = append(fs, chk.Step(s)...); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return append(fs, chk.Finish()...)
}

func findingOn(fs []review.Finding, code, subject string) (review.Finding, bool) {
	for _, f := range fs {
		if f.Code == code && f.Subject == subject {
			return f, true
		}
	}
	return review.Finding{}, false
}

// Two stored people whose ids read alike are not two people: a critical
// action approved by "alice" and Cyrillic "аlice" has one approval, and a
// verdict by "аlice" on alice's decision is a self-review.
func TestStoredIDsThatReadAlikeCountAsOnePerson(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		storeLookAlike(t, d, "INC-1", model.Person{ID: "\u0430lice", Name: "Alice Moreau", Authority: model.AuthorityHigh})
		_, err := importStream(t, d, "more.ndjson", sampleHeader(t, "")+
			`{"record": "event", "id": "S9", "at": "2026-02-10T10:00:00Z", "kind": "suggestion", "agent": "remediator", "action": {"type": "delete_resource", "target": "deploy-bot"}, "confidence": 0.5, "confidence_cue": "medium"}`+"\n"+
			`{"record": "event", "id": "D9", "at": "2026-02-10T10:05:00Z", "kind": "decision", "suggestion": "S9", "owner": "alice", "outcome": "approved", "action": {"type": "delete_resource", "target": "deploy-bot"}, "rationale": "gone", "evidence_reviewed": ["EV-1"], "approvals": [{"by": "\u0430lice", "at": "2026-02-10T10:06:00Z"}]}`+"\n"+
			`{"record": "review", "subject": "S1", "reviewer": "\u0430lice", "at": "2026-02-12T10:00:00Z", "verdict": "modified", "outcome_changed": "no", "ai_correct": "yes"}`+"\n")
		if err != nil {
			t.Fatal(err)
		}
		fs := findingsOf(t, d, "INC-1")
		f, ok := findingOn(fs, review.CodeMissingApproval, "D9")
		if !ok {
			t.Fatalf("no missing-approval on D9, approved by two ids that read alike: %+v", fs)
		}
		if want := `"аlice" (spelt "\u0430lice") reads like alice`; !strings.Contains(f.Message, want) {
			t.Fatalf("missing-approval does not say why the two count as one: %q lacks %q", f.Message, want)
		}
		if _, ok := findingOn(fs, review.CodeSelfReview, "S1"); !ok {
			t.Fatalf("no self-review on S1, judged by a look-alike of its owner: %+v", fs)
		}
	})
}

// In the queue, a stored look-alike of the first approver cannot give a
// critical action's second approval: two ids that read alike are not shown
// to be two people.
func TestALookAlikeOfTheFirstApproverCannotGiveTheSecond(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		storeLookAlike(t, d, "INC-2046", model.Person{ID: "\u0430lice", Name: "Alice", Authority: model.AuthorityHigh})
		if _, err := decide(d, "alice", "S3", model.OutcomeApproved); err != nil {
			t.Fatal(err)
		}
		// The queue's detail says so, so the workstation turns approval off.
		pd, err := d.PendingDetail(context.Background(), "INC-2046", "S3")
		if err != nil || pd.Alike.One("\u0430lice") != "alice" {
			t.Fatalf("the queue's detail does not say аlice reads like alice: %v, %v", pd.Alike, err)
		}
		before := stateOf(t, d)
		_, err = decide(d, "\u0430lice", "S3", model.OutcomeApproved)
		wantError(t, err, model.EFORBIDDEN, `"аlice" (spelt "\u0430lice") reads like alice, who gave the first approval of S3 of INC-2046`)
		if after := stateOf(t, d); after != before {
			t.Errorf("a refused decision wrote: %+v → %+v", before, after)
		}
		if res, err := decide(d, "\u0430lice", "S3", model.OutcomeRejected); err != nil || res.Decision == nil {
			t.Fatalf("a look-alike may still reject: %+v, %v", res, err)
		}
	})
}

// A copy carries an incident stored with ids that read alike as it is
// stored, to either engine: the same head and entries, and the copy's
// roster says the same ids read alike.
func TestCopyCarriesIDsThatReadAlikeAsStored(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		src := openTest(t)
		importDoc(t, src, sampleDoc())
		storeLookAlike(t, src, "INC-1", model.Person{ID: "\u0430lice", Name: "Alice Moreau", Authority: model.AuthorityHigh})
		storeLookAlikeAsset(t, src, "INC-1", model.Asset{ID: "depl\u043ey-bot", Kind: "service_account"})
		before, err := src.Verify(ctx)
		if err != nil || !before.Intact {
			t.Fatalf("the source: %s, %v", before, err)
		}
		for to, address := range copyTargets(t) {
			t.Run("to "+to, func(t *testing.T) {
				dst := openAt(t, address(t))
				if _, err := Copy(ctx, src, dst, nil); err != nil {
					t.Fatal(err)
				}
				after, err := dst.Verify(ctx)
				if err != nil || !after.Intact || after.Entries != before.Entries || after.Head != before.Head {
					t.Fatalf("the copy verifies as %s, %v; the source as %s", after, err, before)
				}
				sameRead(t, "the roster", func(d *DB) (model.Roster, error) { return d.Roster(ctx, "INC-1") }, src, dst)
				r, err := dst.Roster(ctx, "INC-1")
				if err != nil || r.Alike.Who.One("\u0430lice") != "alice" || r.Alike.Assets.One("depl\u043ey-bot") != "deploy-bot" {
					t.Fatalf("the copy's roster does not say which ids read alike: %+v, %v", r.Alike, err)
				}
			})
		}
	})
}

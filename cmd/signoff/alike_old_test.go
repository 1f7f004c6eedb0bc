package main

import (
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// appendAroundTheRule appends a person or an asset (kind, table) to
// incident in the SQLite file at path as a signoff from before ids that
// read alike were refused wrote it: a chain entry linked to the head, and
// its row. Only the rule is skipped, so the record still verifies.
func appendAroundTheRule(t *testing.T, path, incident, kind, table, id string, v any) {
	t.Helper()
	aroundTheRule(t, path, incident, kind, id, v, func(tx *sql.Tx, seq int64) error {
		var inc int64
		if err := tx.QueryRow("SELECT seq FROM incidents WHERE id = ?", incident).Scan(&inc); err != nil {
			return err
		}
		_, err := tx.Exec("INSERT INTO "+table+" (seq, inc, id) VALUES (?, ?, ?)", seq, inc, id)
		return err
	})
}

// incidentAroundTheRule adds incident i the same way, for an id that
// reads like a stored incident's.
func incidentAroundTheRule(t *testing.T, path string, i model.Incident) {
	t.Helper()
	aroundTheRule(t, path, i.ID, "incident", i.ID, i, func(tx *sql.Tx, seq int64) error {
		_, err := tx.Exec("INSERT INTO incidents (seq, id, opened_at) VALUES (?, ?, ?)", seq, i.ID, i.OpenedAt.UnixNano())
		return err
	})
}

// aroundTheRule appends the chain entry of record v and, through row, the
// record's row, in one transaction.
func aroundTheRule(t *testing.T, path, incident, kind, id string, v any, row func(tx *sql.Tx, seq int64) error) {
	t.Helper()
	payload, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var seq int64
	var prev []byte
	if err := tx.QueryRow("SELECT seq, hash FROM chain ORDER BY seq DESC LIMIT 1").Scan(&seq, &prev); err != nil {
		t.Fatal(err)
	}
	e := model.ChainEntry{Seq: seq + 1, At: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), Actor: "importer", Kind: kind,
		Incident: incident, Subject: id, Payload: string(payload), Prev: hex.EncodeToString(prev)}
	hash, err := hex.DecodeString(chain.Hash(e))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("INSERT INTO chain (seq, at, actor, kind, incident, subject, payload, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		e.Seq, e.At.UnixNano(), e.Actor, e.Kind, e.Incident, e.Subject, e.Payload, prev, hash); err != nil {
		t.Fatal(err)
	}
	if err := row(tx, e.Seq); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

const oldIncident = `{"format": "signoff.incident/v1",
 "incident": {"id": "INC-77", "title": "Look-alikes", "severity": "sev1", "status": "open",
   "opened_at": "2026-11-01T10:00:00Z", "commander": "ana", "summary": "s"},
 "people": [{"id": "ana", "name": "Ana Lima", "authority": "high"}],
 "agents": [{"id": "remediator", "name": "R", "model": "m", "version": "1", "role": "remediation"}],
 "assets": [{"id": "prod-db", "kind": "service", "owner": "ana"}],
 "evidence": [{"id": "EV-1", "kind": "log", "asset": "prod-db", "collected_at": "2026-11-01T10:05:00Z", "collected_by": "ana"}],
 "events": [{"id": "E1", "at": "2026-11-01T10:01:00Z", "kind": "alert", "source": "scanner", "summary": "alert"}]}`

// What a stream adds once the look-alikes are stored: a critical action
// on the look-alike asset, approved by ana and her look-alike.
const oldStream = `{"record": "incident", "format": "signoff.incident/v1", "id": "INC-77", "title": "Look-alikes", "severity": "sev1", "status": "open", "opened_at": "2026-11-01T10:00:00Z", "commander": "ana", "summary": "s"}
{"record": "event", "id": "S1", "at": "2026-11-01T10:10:00Z", "kind": "suggestion", "agent": "remediator", "action": {"type": "delete_resource", "target": "pr\u043ed-db"}, "confidence": 0.8, "confidence_cue": "high"}
{"record": "event", "id": "D1", "at": "2026-11-01T10:20:00Z", "kind": "decision", "suggestion": "S1", "owner": "ana", "outcome": "approved", "action": {"type": "delete_resource", "target": "pr\u043ed-db"}, "rationale": "r", "evidence_reviewed": ["EV-1"], "approvals": [{"by": "\u0430na", "at": "2026-11-01T10:21:00Z"}]}
`

// oldRecordDB is a database holding INC-77 with people "ana" and Cyrillic
// "аna", and assets "prod-db" and "prоd-db", as stored before the rule.
func oldRecordDB(t *testing.T) string {
	t.Helper()
	path := tempDB(t)
	dir := t.TempDir()
	doc, stream := filepath.Join(dir, "inc.json"), filepath.Join(dir, "more.ndjson")
	os.WriteFile(doc, []byte(oldIncident), 0o600)
	os.WriteFile(stream, []byte(oldStream), 0o600)
	if r := signoff(t, path, "", "import", doc); r.code != 0 {
		t.Fatalf("import: %s", r.stderr)
	}
	appendAroundTheRule(t, path, "INC-77", "person", "people", "\u0430na", model.Person{ID: "\u0430na", Name: "Ana Lima", Authority: model.AuthorityHigh})
	appendAroundTheRule(t, path, "INC-77", "asset", "assets", "pr\u043ed-db", model.Asset{ID: "pr\u043ed-db", Kind: "service"})
	if r := signoff(t, path, "", "import", stream); r.code != 0 {
		t.Fatalf("import of the stream: %s", r.stderr)
	}
	if r := signoff(t, path, "", "verify"); r.code != 0 {
		t.Fatalf("the record stored around the rule does not verify: %s%s", r.stdout, r.stderr)
	}
	return path
}

// The documented route out of a database, export then import, is refused
// for a record holding people that read alike: export still writes the
// record as stored and says so, and the refusal names the route that
// carries it.
func TestExportOfARecordHoldingLookAlikesSaysImportWillRefuseIt(t *testing.T) {
	path := oldRecordDB(t)
	exp := signoff(t, path, "", "export", "INC-77")
	if exp.code != 0 || !strings.Contains(exp.stdout, "\"id\": \"\u0430na\"") {
		t.Fatalf("export: exit %d, stderr %s\n%s", exp.code, exp.stderr, exp.stdout)
	}
	for _, want := range []string{
		`INC-77 holds ids that read alike: person "аna" (spelt "\u0430na") reads like person "ana"`,
		`"signoff import" will refuse this document`,
		`"signoff copy" moves the whole database as stored`,
		`asset "prоd-db" (spelt "pr\u043ed-db") reads like asset "prod-db"`,
	} {
		if !strings.Contains(exp.stderr, want) {
			t.Errorf("export's note lacks %q:\n%s", want, exp.stderr)
		}
	}
	file := filepath.Join(t.TempDir(), "INC-77.json")
	os.WriteFile(file, []byte(exp.stdout), 0o600)
	imp := signoff(t, tempDB(t), "", "import", file)
	if imp.code != 2 || !strings.Contains(imp.stderr, `reads like person "ana"`) || !strings.Contains(imp.stderr, `"signoff copy"`) {
		t.Fatalf("import of the export: exit %d\n%s", imp.code, imp.stderr)
	}
	if clean := signoff(t, demoDB(t), "", "export", "INC-2041"); clean.code != 0 || clean.stderr != "" {
		t.Fatalf("an export with no look-alikes says something: %q", clean.stderr)
	}
}

// On the command line, as a team would meet it: findings count the two
// look-alike approvers as one, and copy carries the record to a new file
// with the same head and entry count.
func TestARecordHoldingLookAlikesIsJudgedAndCopiedAsStored(t *testing.T) {
	path := oldRecordDB(t)
	f := signoff(t, path, "", "findings", "INC-77")
	if f.code != 1 || !strings.Contains(f.stdout, `it has only 1 (ana): "аna" (spelt "\u0430na") reads like ana and counts as the same person`) {
		t.Fatalf("findings: exit %d\n%s%s", f.code, f.stdout, f.stderr)
	}
	to := tempDB(t)
	if c := signoff(t, path, "", "copy", "--from", path, "--to", to); c.code != 0 {
		t.Fatalf("copy: %s", c.stderr)
	}
	src, dst := signoff(t, path, "", "verify"), signoff(t, to, "", "verify")
	head := strings.SplitN(src.stdout, "\n", 2)[0]
	if src.code != 0 || dst.code != 0 || !strings.Contains(head, "entries, head ") || !strings.HasPrefix(dst.stdout, head+"\n") {
		t.Fatalf("the copy verifies as\n%s\nthe source as\n%s", dst.stdout, src.stdout)
	}
	if g := signoff(t, to, "", "findings", "INC-77"); g.stdout != f.stdout {
		t.Fatalf("the copy's findings differ:\n%s\nwere\n%s", g.stdout, f.stdout)
	}
}

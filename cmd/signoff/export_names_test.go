package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// An incident stored before names were held to the look-alike rule keeps
// its pair (records are append-only); its export writes it as stored and
// says on stderr which names read alike, that import will refuse the
// document, and what carries it.
func TestExportOfARecordHoldingNamesThatReadAlikeSaysImportWillRefuseIt(t *testing.T) {
	path := tempDB(t)
	doc := filepath.Join(t.TempDir(), "inc.json")
	os.WriteFile(doc, []byte(oldIncident), 0o600)
	if r := signoff(t, path, "", "import", doc); r.code != 0 {
		t.Fatalf("import: %s", r.stderr)
	}
	appendAroundTheRule(t, path, "INC-77", "person", "people", "mallory", model.Person{ID: "mallory", Name: "Ana Lim\u0430", Authority: model.AuthorityHigh})
	exp := signoff(t, path, "", "export", "INC-77")
	if exp.code != 0 || !strings.Contains(exp.stdout, `"id": "mallory"`) {
		t.Fatalf("export: exit %d, stderr %s\n%s", exp.code, exp.stderr, exp.stdout)
	}
	for _, want := range []string{
		`INC-77 holds people or agents whose names read alike: the name of person "mallory" (named "Ana Limа" (spelt "Ana Lim\u0430")) reads like the name of person "ana" (named "Ana Lima")`,
		`"signoff import" will refuse this document until they have names that tell them apart`,
		`"signoff copy" moves the whole database as stored`,
	} {
		if !strings.Contains(exp.stderr, want) {
			t.Errorf("export's note lacks %q:\n%s", want, exp.stderr)
		}
	}
	again := filepath.Join(t.TempDir(), "again.json")
	os.WriteFile(again, []byte(exp.stdout), 0o600)
	if r := signoff(t, tempDB(t), "", "import", again); r.code != 2 || !strings.Contains(r.stderr, `person "mallory", named`) {
		t.Errorf("the export was not refused by import as the note says: exit %d, %s", r.code, r.stderr)
	}
}

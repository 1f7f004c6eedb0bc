package main

import (
	"strings"
	"testing"
)

// One person written twice, in NFC and in NFD, would import as two people
// and could give both approvals of a critical action; the import refuses
// the file, and the sentence spells both ids out so the difference shows.
func TestImportRefusesTwoPeopleWhoseIDsReadAlike(t *testing.T) {
	path := tempDB(t)
	stream := `{"record": "incident", "format": "signoff.incident/v1", "id": "INC-7", "title": "t", "severity": "sev2", "status": "open", "opened_at": "2026-02-12T08:00:00Z", "commander": "jos\u00e9"}
{"record": "person", "id": "jos\u00e9", "name": "José", "authority": "high"}
{"record": "person", "id": "jose\u0301", "name": "José", "authority": "high"}
`
	r := signoff(t, path, stream, "import", "-")
	want := "line 3: person \"jose\u0301\" (spelt \"jose\\u0301\") reads like person \"jos\u00e9\" (spelt \"jos\\u00e9\"): two people must never read as one name"
	if r.code != exitUsage || !strings.Contains(r.stderr, want) {
		t.Fatalf("exit %d, stderr %q; want exit %d and %q", r.code, r.stderr, exitUsage, want)
	}
	if r := signoff(t, path, "", "export", "INC-7"); r.code == 0 {
		t.Errorf("the refused stream left incident INC-7 behind: %s", r.stdout)
	}
}

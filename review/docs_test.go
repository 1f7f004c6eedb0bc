package review

import (
	"os"
	"strings"
	"testing"
)

// docsTable reads the body rows of the Markdown table in file whose header
// row begins with the cells given: each row's cells, trimmed of spaces and
// backquotes.
func docsTable(t *testing.T, file string, header ...string) [][]string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	in := false
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "|") {
			if in {
				break
			}
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i, c := range cells {
			cells[i] = strings.Trim(strings.TrimSpace(c), "`")
		}
		switch {
		case !in && len(cells) >= len(header) && strings.Join(cells[:len(header)], "|") == strings.Join(header, "|"):
			in = true
		case in && !strings.HasPrefix(cells[0], "---"):
			rows = append(rows, cells)
		}
	}
	if !in {
		t.Fatalf("%s has no table headed %v", file, header)
	}
	return rows
}

// docs/findings.md is what users read about the codes: it lists every
// code, in order, with the level the code gives it, and the mapping the
// report prints.
func TestTheFindingsPageMatchesTheCode(t *testing.T) {
	levels := docsTable(t, "../docs/findings.md", "code", "level")
	if len(levels) != len(Codes) {
		t.Errorf("docs/findings.md lists %d codes, signoff has %d", len(levels), len(Codes))
	}
	for i, row := range levels {
		if i >= len(Codes) || row[0] != Codes[i] || row[1] != Level(Codes[i]) {
			t.Errorf("docs/findings.md row %d is %s %s", i+1, row[0], row[1])
		}
	}
	maps := docsTable(t, "../docs/findings.md", "code", "NIST AI RMF")
	if len(maps) != len(Codes) {
		t.Errorf("docs/findings.md maps %d codes, signoff has %d", len(maps), len(Codes))
	}
	for _, row := range maps {
		m, ok := Mappings[row[0]]
		if !ok {
			t.Errorf("docs/findings.md maps %s, which is not a code", row[0])
			continue
		}
		if row[1] != strings.Join(m.NIST, ", ") || row[2] != strings.Join(m.OWASP, ", ") || row[3] != strings.Join(m.MAESTRO, ", ") {
			t.Errorf("docs/findings.md maps %s to %v; the report to %+v", row[0], row[1:], m)
		}
	}
}

// docs/policy.md's table of default action types is the bundled policy.
func TestThePolicyPageMatchesTheDefaultPolicy(t *testing.T) {
	p := DefaultPolicy()
	rows := docsTable(t, "../docs/policy.md", "action type", "class", "tier")
	if len(rows) != len(p.rules) {
		t.Errorf("docs/policy.md lists %d action types, the default policy %d", len(rows), len(p.rules))
	}
	for _, row := range rows {
		r, ok := p.rules[row[0]]
		if !ok || string(r.Class) != row[1] || string(r.Tier) != row[2] {
			t.Errorf("docs/policy.md says %s is %s %s; the default policy %+v", row[0], row[1], row[2], r)
		}
	}
}

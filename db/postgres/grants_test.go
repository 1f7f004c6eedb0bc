package postgres

import (
	"os"
	"strings"
	"testing"
)

// The operators' page shows the grants the tests run, word for word.
func TestTheOperatorsPageShowsTheGrantsTheTestsRun(t *testing.T) {
	page, err := os.ReadFile("../../docs/postgres.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "```sql\n"+GrantsText()+"```") {
		t.Errorf("docs/postgres.md does not show db/postgres/grants.sql as it is:\n%s", GrantsText())
	}
}

func TestGrantsNameTheSchemaAndRoleGiven(t *testing.T) {
	got := Grants("records", "analysts")
	for _, want := range []string{`GRANT USAGE ON SCHEMA "records" TO "analysts";`, `GRANT INSERT ON "records".chain, "records".incidents`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "signoff_app") || strings.Contains(got, "signoff.") {
		t.Errorf("the example names are left in\n%s", got)
	}
}

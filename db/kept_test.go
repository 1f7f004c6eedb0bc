package db

import (
	"context"
	"fmt"
	"testing"
)

// A step is read in two statements (its subject with its records, then
// its evidence), one round trip each on a server, both kept prepared.
func TestAStepReadKeepsItsStatementsPrepared(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		for range 3 {
			if _, err := d.Step(context.Background(), "INC-1", "S1"); err != nil {
				t.Fatal(err)
			}
		}
		if n := len(d.kept.stmts); n != 2 {
			t.Errorf("after three reads of one step the store keeps %d statements; want its two", n)
		}
	})
}

func TestKeptStatementsAreBounded(t *testing.T) {
	d := openTest(t)
	tx, err := d.readTx(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := range keptMax + 10 {
		rows, err := d.kept.query(context.Background(), tx, fmt.Sprintf("SELECT %d", i))
		if err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	tx.Rollback()
	d.kept.prepare(context.Background(), d.sql)
	if n := len(d.kept.stmts); n != keptMax {
		t.Errorf("%d different statements left %d kept; want %d", keptMax+10, n, keptMax)
	}
}

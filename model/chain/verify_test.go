package chain

import "testing"

func TestAFaultReadsAsASentenceWhetherOrNotItNamesARecord(t *testing.T) {
	cases := []struct {
		name  string
		fault Fault
		want  string
	}{
		{"a fault in one record names its table and record",
			Fault{Seq: 7, Table: "events", Subject: "D1", Reason: "its row differs from its entry"},
			"entry 7 (events D1): its row differs from its entry"},
		{"a fault of the whole chain names only the entry",
			Fault{Seq: 8, Table: "chain", Reason: "the chain jumps from entry 7 to entry 9, so entries were removed"},
			"entry 8 of the audit chain: the chain jumps from entry 7 to entry 9, so entries were removed"},
		{"a fault in a table with no record named names the table",
			Fault{Seq: 9, Table: "incident_counts", Reason: "its counts differ from the record"},
			"entry 9 (incident_counts): its counts differ from the record"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.fault.String(); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// A row of a table that sums many entries (suggestion_cells) stands for
// no one entry: its fault names the row, not an "entry 0" no chain holds.
func TestAFaultOfNoOneEntryNamesItsRow(t *testing.T) {
	f := Fault{Table: "suggestion_cells", Subject: "triage/block_ip/2026-11/7", Reason: "its pending is 0 where the record gives 1"}
	if got, want := f.String(), "suggestion_cells triage/block_ip/2026-11/7: its pending is 0 where the record gives 1"; got != want {
		t.Errorf("got %q; want %q", got, want)
	}
}

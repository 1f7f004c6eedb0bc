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

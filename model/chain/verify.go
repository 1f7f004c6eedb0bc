package chain

import "fmt"

// Fault is one thing verify found wrong: the entry (or the first entry of
// what it concerns), the table and record, and what is wrong.
type Fault struct {
	Seq     int64
	Table   string
	Subject string
	Reason  string
}

// Table "chain" marks a fault of the chain itself (entries removed, cut
// off or recomputed), which belongs to no table or record; Seq 0 a row
// that stands for no one entry.
func (f Fault) String() string {
	switch {
	case f.Seq == 0:
		// A row summing many entries (suggestion_cells) is no one entry's.
		return fmt.Sprintf("%s %s: %s", f.Table, f.Subject, f.Reason)
	case f.Table == "chain" && f.Subject == "":
		return fmt.Sprintf("entry %d of the audit chain: %s", f.Seq, f.Reason)
	case f.Subject == "":
		return fmt.Sprintf("entry %d (%s): %s", f.Seq, f.Table, f.Reason)
	}
	return fmt.Sprintf("entry %d (%s %s): %s", f.Seq, f.Table, f.Subject, f.Reason)
}

// VerifyResult is what Verify found. When the record is intact, Entries
// and Head describe the chain. Otherwise the embedded Fault is the first
// fault in seq order, Faults the first MaxFaults of them, Count how many
// there are in all, and Damage what SQLite's own integrity check reports
// of the file.
type VerifyResult struct {
	Intact  bool
	Entries int64
	Head    string
	// First is the hash of the chain's first entry, which names the record
	// a remembered check (Verified) belongs to.
	First string

	Fault
	Faults []Fault
	Count  int
	Damage []string

	// Marks are the hashes a new checkpoint keeps (checkpoint.go).
	Marks []Mark
}

// MaxFaults bounds the faults a result keeps; Count goes on counting.
const MaxFaults = 1000

// String is the sentence `signoff verify` prints.
func (r VerifyResult) String() string {
	switch {
	case r.Intact:
		return fmt.Sprintf("the audit chain is intact: %d entries, head %s", r.Entries, r.Head)
	case len(r.Damage) > 0:
		s := "the database file is damaged: SQLite's integrity check reports " + r.Damage[0]
		if len(r.Damage) > 1 {
			s += fmt.Sprintf(" (and %d more problems)", len(r.Damage)-1)
		}
		s += "; restore it from a copy"
		if r.Count > 0 {
			s += fmt.Sprintf("; %s found, the first at %s", Plural(r.Count, "fault"), r.Fault)
		}
		return s
	}
	s := "the record was changed outside signoff: " + r.Fault.String()
	if r.Count > 1 {
		s += fmt.Sprintf("; %s found after it (signoff verify --all lists them)", Plural(r.Count-1, "more fault"))
	}
	return s
}

// Plural is n what, "s" added unless n is 1.
func Plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

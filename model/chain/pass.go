package chain

// Pass is what a reader's own check of the chain went through while it
// read an incident: how many of the incident's entries it checked (each
// against its hash and the entries either side of it), and the faults it
// found in them or in any other entry it read, in the order found.
type Pass struct {
	Entries int64
	Faults  []Fault
}

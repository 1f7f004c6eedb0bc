package db

import (
	"cmp"
	"slices"
)

// faults collects what one side of verify found: every fault is counted,
// the first maxFaults found are kept. Each side finds its faults in seq
// order, but the derived tables are compared after the walk and the two
// sides run apart, so sorted puts them in order before reporting.
type faults struct {
	list  []Fault
	count int
}

func (f *faults) add(x Fault) {
	f.count++
	if len(f.list) < maxFaults {
		f.list = append(f.list, x)
	}
}

// merge adds another side's faults.
func (f *faults) merge(o *faults) {
	f.count += o.count
	f.list = append(f.list, o.list...)
}

// sorted is the kept faults in seq order, at most maxFaults of them. When
// some were not kept, the kept ones are still the first each side found.
func (f *faults) sorted() []Fault {
	slices.SortStableFunc(f.list, func(a, b Fault) int { return cmp.Compare(a.Seq, b.Seq) })
	if len(f.list) > maxFaults {
		f.list = f.list[:maxFaults]
	}
	return f.list
}

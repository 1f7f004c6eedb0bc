package db

import (
	"cmp"
	"slices"

	"github.com/signoff/signoff/model/chain"
)

// faults collects what one side of verify found: every fault is counted,
// the first chain.MaxFaults found are kept. Each side finds its faults in seq
// order, but the derived tables are compared after the walk and the two
// sides run apart, so sorted puts them in order before reporting.
type faults struct {
	list  []chain.Fault
	count int
}

func (f *faults) add(x chain.Fault) {
	f.count++
	if len(f.list) < chain.MaxFaults {
		f.list = append(f.list, x)
	}
}

// merge adds another side's faults.
func (f *faults) merge(o *faults) {
	f.count += o.count
	f.list = append(f.list, o.list...)
}

// sorted is the kept faults in seq order, at most chain.MaxFaults of them. When
// some were not kept, the kept ones are still the first each side found.
func (f *faults) sorted() []chain.Fault {
	slices.SortStableFunc(f.list, func(a, b chain.Fault) int { return cmp.Compare(a.Seq, b.Seq) })
	if len(f.list) > chain.MaxFaults {
		f.list = f.list[:chain.MaxFaults]
	}
	return f.list
}

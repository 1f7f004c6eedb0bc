package db

import (
	"math/bits"
	"testing"
)

// A flush of any number of rows uses few statement sizes, each prepared
// once per import: multiples of 64 up to batchRows, then powers of two.
func TestPendingRowsGoInAFewStatementSizes(t *testing.T) {
	sizes := map[int]bool{}
	for n := 1; n <= 2*batchRows; n++ {
		sent, statements := 0, 0
		for left := n; left > 0; {
			c := chunk(left)
			if c < 1 || c > left {
				t.Fatalf("chunk(%d) = %d", left, c)
			}
			if c%64 != 0 && bits.OnesCount(uint(c)) != 1 {
				t.Fatalf("chunk(%d) = %d: neither a multiple of 64 nor a power of two", left, c)
			}
			sizes[c] = true
			sent += c
			left -= c
			statements++
		}
		if n <= batchRows && statements > 7 {
			t.Errorf("%d rows took %d statements; want at most 7", n, statements)
		}
	}
	if len(sizes) > 14 {
		t.Errorf("%d statement sizes; want at most 14", len(sizes))
	}
}

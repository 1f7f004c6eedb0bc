package review

import (
	"strconv"
	"strings"
	"testing"
)

func TestPercent(t *testing.T) {
	rate := func(a, d int) *float64 { v := float64(a) / float64(d); return &v }
	t.Run("a value halfway between two tenths rounds to the even one, whatever the float's last bit", func(t *testing.T) {
		for _, tc := range []struct {
			a, d int
			want string
		}{
			{31, 80, "38.8%"}, // 38.75
			{49, 80, "61.2%"}, // 61.25, stored as 61.250000000000007
			{1, 16, "6.2%"},   // 6.25, exact
			{3, 16, "18.8%"},  // 18.75, exact
			{243, 2000, "12.2%"},
			{1757, 2000, "87.8%"},
			{2, 3, "66.7%"},
			{1, 3, "33.3%"},
			{0, 5, "0.0%"},
			{5, 5, "100.0%"},
		} {
			if got := Percent(rate(tc.a, tc.d)); got != tc.want {
				t.Errorf("%d/%d is %s, want %s", tc.a, tc.d, got, tc.want)
			}
		}
	})
	t.Run("a share and the rest of it add up to 100.0%, as acceptance and override do", func(t *testing.T) {
		tenths := func(s string) int {
			n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSuffix(s, "%"), ".", ""))
			if err != nil {
				t.Fatalf("%q is not a percentage with one decimal", s)
			}
			return n
		}
		for d := 1; d <= 400; d++ {
			for a := 0; a <= d; a++ {
				p, q := Percent(rate(a, d)), Percent(rate(d-a, d))
				if tenths(p)+tenths(q) != 1000 {
					t.Fatalf("%d/%d is %s and %d/%d is %s: together not 100.0%%", a, d, p, d-a, d, q)
				}
			}
		}
	})
	t.Run("nothing to divide by is a dash", func(t *testing.T) {
		if got := Percent(nil); got != Dash {
			t.Errorf("nil is %q", got)
		}
	})
}

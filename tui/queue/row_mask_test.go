package queue

import (
	"testing"

	"github.com/signoff/signoff/model"
)

// A row cut to fit keeps a range's mask: 203.0.113.7%2F0 is every
// address, and cut at its end it would read as the one host.
func TestARowKeepsATargetsMaskInView(t *testing.T) {
	cases := []struct {
		target string
		w      int
		want   string
	}{
		{"203.0.113.7%2F0", 41, "S-toolu_slash0 block_ip → 203.0.113.7%2F0"},
		{"203.0.113.7%2F0", 40, "S-toolu_slash0 block_ip → 203.0.113…%2F0"},
		{"203.0.113.7%2F0", 30, "S-toolu_slash0 block_ip →…%2F0"},
		{"203.0.113.7%2F0", 14, "S-toolu_s…%2F0"},
		{"203.0.113.7", 30, "S-toolu_slash0 block_ip → 203…"},
	}
	for _, tc := range cases {
		got := string(rowAction("S-toolu_slash0", model.Action{Type: "block_ip", Target: tc.target}, model.ClassContainment, tc.w))
		if got != tc.want {
			t.Errorf("%s in %d cells: %q; want %q", tc.target, tc.w, got, tc.want)
		}
	}
}

package model

import "testing"

func TestNewerFormatKnowsALaterVersionOfSignoffsOwnFormat(t *testing.T) {
	cases := []struct {
		format string
		newer  bool
	}{
		{"signoff.incident/v2", true},
		{"signoff.incident/v10", true},
		{"signoff.incident/v1.1", true},
		{FormatV1, false},
		{"signoff.incident/v1.0", false},
		{"signoff.incident/v0", false},
		{"signoff.incident/vx", false},
		{"signoff.incident/v2 ", false},
		{"signoff.incident/v2.x", false},
		{"ocsf/1.8.0", false},
		{"", false},
	}
	for _, c := range cases {
		t.Run(c.format, func(t *testing.T) {
			if got := NewerFormat(c.format); got != c.newer {
				t.Errorf("NewerFormat(%q) = %v; want %v", c.format, got, c.newer)
			}
		})
	}
}

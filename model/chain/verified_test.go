package chain

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestARememberedCheckIsReadBackOnlyWhole(t *testing.T) {
	a, b := strings.Repeat("a", 64), strings.Repeat("b", 64)
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	base := func() Verified {
		return Verified{Address: "x.db", First: a, Entries: 59, Head: b, Checked: at, Whole: at}
	}
	cases := []struct {
		name  string
		marks []Mark
		ok    bool
	}{
		{"a short chain's marks begin at its first entry", []Mark{{1, a}, {2, b}}, true},
		{"a longer chain's marks begin after it", []Mark{{4, b}}, true},
		{"a first-entry mark must be the first entry's hash", []Mark{{1, b}, {2, b}}, false},
		{"marks ascend", []Mark{{3, b}, {2, b}}, false},
		{"marks stop before the head", []Mark{{59, b}}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := base()
			v.Marks = c.marks
			data, _ := json.Marshal(v)
			if _, err := ParseVerified(data); (err == nil) != c.ok {
				t.Errorf("read back: %v; want accepted %v", err, c.ok)
			}
		})
	}
}

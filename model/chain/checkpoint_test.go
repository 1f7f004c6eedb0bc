package chain

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

func TestParseCheckpointNamesTheBadLine(t *testing.T) {
	head := strings.Repeat("ab", 32)
	cases := []struct{ name, text, want string }{
		{"a foreign file", "hello\n", `ticket.txt line 1: expected "signoff audit checkpoint"`},
		{"a bad count", checkpointTitle + "\nentries: many\nhead: " + head + "\n", `ticket.txt line 2: entries is "many"`},
		{"a short head", checkpointTitle + "\nentries: 3\nhead: abc\n", `ticket.txt line 3: head is "abc"`},
		{"a missing head", checkpointTitle + "\nentries: 3\n", `ticket.txt is not a complete checkpoint`},
		{"an unknown key", checkpointTitle + "\nentries: 3\nhead: " + head + "\nsigned: me\n", `ticket.txt line 4: unknown key "signed"`},
	}
	for _, c := range cases {
		t.Run(c.name+" is refused", func(t *testing.T) {
			_, err := ParseCheckpoint("ticket.txt", c.text)
			if model.ErrorCode(err) != model.EINVALID || !strings.Contains(model.ErrorMessage(err), c.want) {
				t.Errorf("got %v; want %s containing %q", err, model.EINVALID, c.want)
			}
		})
	}
}

// A line too long to read ends the reading: what follows it must not be
// taken as the checkpoint's end.
func TestAnUnreadableLineIsRefused(t *testing.T) {
	head := strings.Repeat("ab", 32)
	text := checkpointTitle + "\nentries: 3\nhead: " + head + "\nmark: 1 " + strings.Repeat("0", 100<<10) + "\n"
	if _, err := ParseCheckpoint("ticket.txt", text); model.ErrorCode(err) != model.EINVALID || !strings.Contains(model.ErrorMessage(err), "ticket.txt line 4") {
		t.Errorf("got %v; want %s naming line 4", err, model.EINVALID)
	}
}

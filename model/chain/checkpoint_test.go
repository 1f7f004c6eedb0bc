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

// A checkpoint names the record it is of by its first entry's hash, so a
// checkpoint of another database is told from a recomputed chain; one
// written before it kept the hash still reads, and says it where its
// marks or head do.
func TestACheckpointNamesItsRecordByItsFirstEntry(t *testing.T) {
	hash := func(c string) string { return strings.Repeat(c, 64) }
	written := Checkpoint{Entries: 200, First: hash("1"), Head: hash("f"), Marks: []Mark{{Seq: 4, Hash: hash("4")}}}
	back, err := ParseCheckpoint("cp.txt", written.String())
	if err != nil || back.First != hash("1") || back.FirstHash() != hash("1") {
		t.Fatalf("read back %+v, %v; want first %s", back, err, hash("1"))
	}
	older := []struct {
		name, text, first string
	}{
		{"of a long chain says nothing", checkpointTitle + "\nentries: 200\nhead: " + hash("f") + "\nmark: 4 " + hash("4") + "\n", ""},
		{"that marks entry 1 says it", checkpointTitle + "\nentries: 20\nhead: " + hash("f") + "\nmark: 1 " + hash("1") + "\n", hash("1")},
		{"of one entry says its head", checkpointTitle + "\nentries: 1\nhead: " + hash("1") + "\n", hash("1")},
	}
	for _, c := range older {
		t.Run("an older checkpoint "+c.name, func(t *testing.T) {
			cp, err := ParseCheckpoint("old.txt", c.text)
			if err != nil || cp.FirstHash() != c.first {
				t.Errorf("got %q, %v; want %q", cp.FirstHash(), err, c.first)
			}
		})
	}
	t.Run("a first entry its mark of entry 1 contradicts is refused", func(t *testing.T) {
		text := checkpointTitle + "\nentries: 20\nfirst: " + hash("2") + "\nhead: " + hash("f") + "\nmark: 1 " + hash("1") + "\n"
		if _, err := ParseCheckpoint("cp.txt", text); model.ErrorCode(err) != model.EINVALID || !strings.Contains(model.ErrorMessage(err), "contradict") {
			t.Errorf("got %v; want it refused", err)
		}
	})
}

package serve

import (
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// What a client sends of its own (the user name, before any key is
// checked; its terminal's name) is logged cut to a line an operator can
// read: a client sending a name of a hundred kilobytes with each of its
// six key offers wrote over half a megabyte to the log per connection.
func TestTheLogCutsAClientsOwnWordsToALine(t *testing.T) {
	f := start(t, 1, 1, nil)
	long := strings.Repeat("A", 100<<10)
	c, err := gossh.Dial("tcp", f.addr, &gossh.ClientConfig{User: long,
		Auth: []gossh.AuthMethod{gossh.PublicKeys(newKey(t))}, HostKeyCallback: gossh.FixedHostKey(f.hostKey), Timeout: 10 * time.Second})
	if err == nil {
		c.Close()
		t.Fatal("a key not in the roster logged in")
	}
	c, err = f.dial(f.keys["p01"])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPty(strings.Repeat("T", 30<<10), 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, func() bool { return strings.Contains(f.log.String(), "session started") })
	for _, line := range strings.Split(f.log.String(), "\n") {
		if len(line) > 1024 {
			t.Errorf("a log line of %d bytes: %.200s…", len(line), line)
		}
	}
	if log := f.log.String(); !strings.Contains(log, "user=AAAA") || !strings.Contains(log, "term=TTTT") {
		t.Errorf("the log does not show the start of the user name and the terminal:\n%.2000s", log)
	}
}

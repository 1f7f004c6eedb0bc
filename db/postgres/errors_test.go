package postgres

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// A server that cannot be reached is named once, with what went wrong,
// not with the driver's chain of addresses and dial errors.
func TestAServerThatCannotBeReachedIsNamedOnceWithTheCause(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close() // nothing listens there now
	address := "postgres://signoff@127.0.0.1:" + strconv.Itoa(port) + "/signoff?connect_timeout=5"
	_, err = Open(context.Background(), address)
	if model.ErrorCode(err) != model.EUNAVAILABLE {
		t.Fatalf("got %v, want the server unreachable", err)
	}
	msg := model.ErrorMessage(err)
	if !strings.Contains(msg, "cannot be reached (connection refused);") || strings.Count(msg, "127.0.0.1") != 1 || strings.Contains(msg, "dial") {
		t.Errorf("the sentence is %q", msg)
	}
}

package serve

import (
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

func TestASessionTakesOnlySoMuchEnvironment(t *testing.T) {
	f := start(t, 1, 1, nil)
	ch, err := channel(t, f.login(t, "p01"))
	if err != nil {
		t.Fatal(err)
	}
	setenv := func(k, v string) bool {
		ok, err := ch.SendRequest("env", true, gossh.Marshal(struct{ Key, Value string }{k, v}))
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !setenv("NO_COLOR", "1") {
		t.Fatal("a variable was refused")
	}
	if setenv("BIG", strings.Repeat("x", maxEnvSize)) {
		t.Error("a variable larger than the limit was taken")
	}
	taken := 1
	for i := 0; i < 2*maxEnvVars; i++ {
		if setenv("V", "1") {
			taken++
		}
	}
	if taken != maxEnvVars {
		t.Errorf("%d variables were taken; the limit is %d", taken, maxEnvVars)
	}
}

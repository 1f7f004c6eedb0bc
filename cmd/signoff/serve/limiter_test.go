package serve

import (
	"fmt"
	"net"
	"testing"
	"time"
)

func TestFailedLoginsAreCountedInBoundedSpace(t *testing.T) {
	now := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	f := newFailures(2, time.Minute)
	f.add("192.0.2.1", now)
	f.add("192.0.2.1", now)
	// An attacker spraying from addresses of their own fills no more
	// than the table, and frees no address it holds blocked.
	for i := 0; i < 3*maxFailingAddrs; i++ {
		f.add(fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255), now)
	}
	if n := len(f.at); n > maxFailingAddrs {
		t.Errorf("the failures of %d addresses are kept; the table holds %d", n, maxFailingAddrs)
	}
	if !f.blocked("192.0.2.1", now) {
		t.Error("an address blocked before the spray was let go by it")
	}
	// Once the spray ages out, new addresses are counted again.
	later := now.Add(time.Minute)
	f.add("198.51.100.7", later)
	f.add("198.51.100.7", later)
	if !f.blocked("198.51.100.7", later) {
		t.Error("an address failing after the spray aged out was not counted")
	}
}

func TestAnIPv6NetworkCountsAsOneAddress(t *testing.T) {
	tcp := func(ip string) net.Addr { return &net.TCPAddr{IP: net.ParseIP(ip), Port: 40000} }
	cases := []struct {
		name, a, b string
		same       bool
	}{
		{"two hosts of one /64 are one", "2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:fffe", true},
		{"two /64s are two", "2001:db8:1:2::1", "2001:db8:1:3::1", false},
		{"two IPv4 hosts are two", "192.0.2.1", "192.0.2.2", false},
		{"an IPv4 host is itself however it is written", "192.0.2.1", "::ffff:192.0.2.1", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := host(tcp(c.a)) == host(tcp(c.b)); got != c.same {
				t.Errorf("host(%s) = %q, host(%s) = %q", c.a, host(tcp(c.a)), c.b, host(tcp(c.b)))
			}
		})
	}
}

package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// BenchmarkSessions measures, at 1, 20 and 100 sessions opened at once,
// the time from a client's TCP connect to the first frame of the
// workstation on its screen, and the server's memory per open session.
// The clients run in a child process (this test binary again, as
// TestBenchClients), so the server's heap holds only the server.
//
//	go test ./cmd/signoff/serve -run '^$' -bench Sessions -benchtime 3x
func BenchmarkSessions(b *testing.B) {
	for _, n := range []int{1, 20, 100} {
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			var firsts []time.Duration
			var perSession []float64
			for i := 0; i < b.N; i++ {
				d, mem := openSessions(b, n)
				firsts = append(firsts, d...)
				perSession = append(perSession, mem)
			}
			sort.Slice(firsts, func(i, j int) bool { return firsts[i] < firsts[j] })
			b.ReportMetric(ms(firsts[len(firsts)/2]), "ms-first-frame-p50")
			b.ReportMetric(ms(firsts[len(firsts)*95/100]), "ms-first-frame-p95")
			b.ReportMetric(ms(firsts[len(firsts)-1]), "ms-first-frame-max")
			b.ReportMetric(mean(perSession), "KiB-heap/session")
		})
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// openSessions starts a server for n people, has the child process open
// one session each, at once, and measures while every session is open.
func openSessions(b *testing.B, n int) ([]time.Duration, float64) {
	f := start(b, 20, n, nil)
	// Sessions open on a record that has been written to, not only
	// imported: one decision through the store, as a person's would be.
	if _, err := f.store.Decide(context.Background(), model.DecideRequest{Incident: "INC-LOAD", Suggestion: "S01", Person: "p01",
		Outcome: model.OutcomeApproved, Rationale: "bench"}, review.DecisionChecker(review.DefaultPolicy())); err != nil {
		b.Fatal(err)
	}
	keyDir := b.TempDir()
	for who, k := range f.keys {
		privateMu.Lock()
		priv := privateOf[k]
		privateMu.Unlock()
		block, _ := gossh.MarshalPrivateKey(priv, who)
		os.WriteFile(filepath.Join(keyDir, who), pem.EncodeToMemory(block), 0o600)
	}
	hostPub := filepath.Join(keyDir, "host.pub")
	os.WriteFile(hostPub, gossh.MarshalAuthorizedKey(f.hostKey), 0o600)

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	child := exec.Command(os.Args[0], "-test.run=^TestBenchClients$", "-test.v")
	child.Env = append(os.Environ(), "SIGNOFF_BENCH_CLIENTS="+strings.Join([]string{f.addr, keyDir, strconv.Itoa(n)}, ","))
	stdin, _ := child.StdinPipe()
	stdout, _ := child.StdoutPipe()
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		b.Fatal(err)
	}
	var report struct{ FirstFrame []time.Duration }
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if line, ok := strings.CutPrefix(sc.Text(), "REPORT "); ok {
			json.Unmarshal([]byte(line), &report)
			break
		}
	}
	if len(report.FirstFrame) != n {
		b.Fatalf("the clients reported %d first frames, want %d", len(report.FirstFrame), n)
	}
	if open := len(f.srv.sessions.all()); open != n {
		b.Fatalf("%d sessions open on the server, want %d", open, n)
	}
	runtime.GC()
	var during runtime.MemStats
	runtime.ReadMemStats(&during)
	stdin.Close() // the clients hang up
	child.Wait()
	perSession := float64(int64(during.HeapInuse)-int64(before.HeapInuse)) / 1024 / float64(n)
	return report.FirstFrame, perSession
}

// TestBenchClients is the benchmark's client process; it does nothing in
// a normal test run. It opens one session per person at once, prints
// each one's connect-to-first-frame time, and hangs up when its standard
// input closes.
func TestBenchClients(t *testing.T) {
	spec := os.Getenv("SIGNOFF_BENCH_CLIENTS")
	if spec == "" {
		t.Skip("run by BenchmarkSessions only")
	}
	parts := strings.Split(spec, ",")
	addr, keyDir := parts[0], parts[1]
	n, _ := strconv.Atoi(parts[2])
	hostRaw, _ := os.ReadFile(filepath.Join(keyDir, "host.pub"))
	host, _, _, _, err := gossh.ParseAuthorizedKey(hostRaw)
	if err != nil {
		t.Fatal(err)
	}
	firsts := make([]time.Duration, n)
	var clients []*gossh.Client
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 1; i <= n; i++ {
		who := fmt.Sprintf("p%02d", i)
		raw, _ := os.ReadFile(filepath.Join(keyDir, who))
		key, err := gossh.ParsePrivateKey(raw)
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: who, Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
				HostKeyCallback: gossh.FixedHostKey(host), Timeout: time.Minute})
			if err != nil {
				t.Error(err)
				return
			}
			s, _ := c.NewSession()
			out := &lockedBuffer{}
			s.Stdout = out
			s.StdinPipe()
			s.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{})
			s.Shell()
			for !strings.Contains(ansi.Strip(out.String()), "signoff · "+who+" (") {
				if time.Since(start) > time.Minute {
					t.Errorf("%s: no first frame after a minute", who)
					return
				}
				time.Sleep(time.Millisecond)
			}
			firsts[i-1] = time.Since(start)
			mu.Lock()
			clients = append(clients, c)
			mu.Unlock()
		}()
	}
	wg.Wait()
	b, _ := json.Marshal(struct{ FirstFrame []time.Duration }{firsts})
	fmt.Println("REPORT " + string(b))
	os.Stdin.Read(make([]byte, 1)) // until the benchmark has measured
	for _, c := range clients {
		c.Close()
	}
}

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkApproveContention: decisions per second through the `approve`
// binary, four processes at a time on one database, each approving its
// own suggestions (one process per decision, as a platform would call it).
func BenchmarkApproveContention(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "signoff")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	path := filepath.Join(dir, "bench.db")
	var doc strings.Builder
	fmt.Fprintf(&doc, `{"record":"incident","format":"signoff.incident/v1","id":"INC-B","title":"bench","severity":"sev2","status":"open","opened_at":"2026-11-01T00:00:00Z"}
{"record":"person","id":"tomas","name":"Tomas","authority":"medium"}
{"record":"agent","id":"triage","name":"Triage","role":"triage"}
{"record":"asset","id":"ip-1","kind":"ip"}
`)
	for i := 0; i < b.N; i++ {
		fmt.Fprintf(&doc, `{"record":"event","id":"S%d","at":"2026-11-01T00:00:00Z","kind":"suggestion","agent":"triage","action":{"type":"block_ip","target":"ip-1"}}`+"\n", i)
	}
	stream := filepath.Join(dir, "bench.ndjson")
	if err := os.WriteFile(stream, []byte(doc.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	if out, err := exec.Command(bin, "--db", path, "import", stream).CombinedOutput(); err != nil {
		b.Fatalf("import: %v\n%s", err, out)
	}
	const workers = 4
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan string, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < b.N; i += workers {
				var e bytes.Buffer
				cmd := exec.Command(bin, "--db", path, "--as", "tomas", "approve", fmt.Sprintf("INC-B/S%d", i), "--rationale", "bench")
				cmd.Stderr = &e
				if err := cmd.Run(); err != nil {
					errs <- e.String()
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	close(errs)
	for e := range errs {
		b.Fatal(e)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "decisions/s")
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
)

// result is what one command line printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// signoff runs one command line against the database at dbPath.
func signoff(t *testing.T, dbPath, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	full := append([]string{"--db", dbPath}, args...)
	code := run(context.Background(), full, strings.NewReader(stdin), &out, &errb)
	return result{code, out.String(), errb.String()}
}

func tempDB(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "signoff.db")
}

func demoDB(t *testing.T) string {
	t.Helper()
	path := tempDB(t)
	if r := signoff(t, path, "", "demo", "--no-open"); r.code != 0 {
		t.Fatalf("demo --no-open: exit %d: %s", r.code, r.stderr)
	}
	return path
}

func TestDemoLoadsTheSamplesOnce(t *testing.T) {
	path := demoDB(t)
	r := signoff(t, path, "", "demo", "--no-open")
	if r.code != 0 || !strings.Contains(r.stdout, "0 sample incidents loaded now") {
		t.Fatalf("second demo: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	var list []model.IncidentSummary
	r = signoff(t, path, "", "incidents", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatalf("incidents --json: %v in %q", err, r.stdout)
	}
	if len(list) != len(fixtures.Incidents()) {
		t.Fatalf("got %d incidents after two demos, want %d", len(list), len(fixtures.Incidents()))
	}
}

func TestExitStatuses(t *testing.T) {
	path := demoDB(t)
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"format": "signoff.incident/v1", "incident": {"id": "X"}, "surprise": 1}`), 0o600)
	noPolicy := filepath.Join(t.TempDir(), "policy.toml")
	cases := []struct {
		name     string
		args     []string
		code     int
		inStderr string
	}{
		{"findings with errors exits 1", []string{"findings", "INC-2042"}, 1, ""},
		{"findings without any exits 0", []string{"findings", "INC-2046"}, 0, ""},
		{"an unknown incident is an input error", []string{"findings", "INC-9999"}, 2, "INC-9999"},
		{"an unknown command is a usage error", []string{"frobnicate"}, 2, "frobnicate"},
		{"an unknown flag is a usage error", []string{"incidents", "--jsn"}, 2, "--jsn"},
		{"a bare signoff asks for a command", nil, 2, "name a command"},
		{"an incident's id where an event's is wanted says so", []string{"annotate", "INC-2041", "--verdict", "followed"}, 2, "INC-2041 is an incident, not one of its events: name the event as INC-2041/ID"},
		{"an incident's id given to approve says so", []string{"--as", "alice", "approve", "INC-2046", "--rationale", "x"}, 2, "INC-2046 is an incident, not one of its events"},
		{"a missing policy file is named once, with the system's words", []string{"--policy", noPolicy, "findings", "INC-2041"}, 2, "cannot read the policy file " + noPolicy + ": no such file or directory"},
		{"a folder given as the policy is said to be one", []string{"--policy", filepath.Dir(bad), "findings", "INC-2041"}, 2, "is a folder, not a file"},
		{"completion of a shell it does not know names those it does", []string{"completion", "tcsh"}, 2, `bash, fish, powershell or zsh, not "tcsh"`},
		{"a bare completion asks for a shell", []string{"completion"}, 2, "name a shell"},
		{"a refused import names the file", []string{"import", bad}, 2, "bad.json"},
		{"a file of an unknown type is refused", []string{"import", "notes.txt"}, 2, "unknown file type"},
		{"annotate refuses a bad verdict", []string{"annotate", "INC-2046/S3", "--verdict", "maybe"}, 2, "--verdict"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := signoff(t, path, "", c.args...)
			if r.code != c.code {
				t.Fatalf("exit %d, want %d (stderr %q)", r.code, c.code, r.stderr)
			}
			if !strings.Contains(r.stderr, c.inStderr) {
				t.Fatalf("stderr %q does not mention %q", r.stderr, c.inStderr)
			}
		})
	}
}

// The completion script goes to the command's output like any other, so
// a closed pipe is said (exit 2) rather than lost.
func TestCompletionWritesItsScriptToTheCommandsOutput(t *testing.T) {
	r := signoff(t, tempDB(t), "", "completion", "bash")
	if r.code != 0 || !strings.Contains(r.stdout, "complete -o default -F __start_signoff signoff") {
		t.Fatalf("completion bash: exit %d, stdout %d bytes, stderr %q", r.code, len(r.stdout), r.stderr)
	}
}

func TestExportImportRoundTripsThroughTheCommandLine(t *testing.T) {
	path := demoDB(t)
	first := signoff(t, path, "", "export", "INC-2044")
	if first.code != 0 {
		t.Fatalf("export: %s", first.stderr)
	}
	file := filepath.Join(t.TempDir(), "inc.json")
	os.WriteFile(file, []byte(first.stdout), 0o600)
	other := tempDB(t)
	if r := signoff(t, other, "", "import", file); r.code != 0 {
		t.Fatalf("import of an export: %s", r.stderr)
	}
	second := signoff(t, other, "", "export", "INC-2044")
	if second.stdout != first.stdout {
		t.Fatal("export → import → export changed the document")
	}
	if strings.ContainsRune(first.stdout, '\u202e') || strings.ContainsRune(first.stdout, 0x1b) {
		t.Fatal("the export carries a raw bidi override or escape to the terminal")
	}
}

func TestAnnotateRecordsAsThePerson(t *testing.T) {
	path := demoDB(t)
	r := signoff(t, path, "", "--as", "mara", "annotate", "INC-2046/S1", "--verdict", "proposed", "--ai-correct", "yes", "--note", "fine")
	if r.code != 0 || !strings.Contains(r.stdout, "recorded followed on INC-2046/S1 by mara") {
		t.Fatalf("annotate: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	r = signoff(t, path, "", "--as", "mallory", "annotate", "INC-2046/S1", "--verdict", "ignored")
	if r.code != 2 || !strings.Contains(r.stderr, "mallory") {
		t.Fatalf("annotate as an unknown person: exit %d, %q", r.code, r.stderr)
	}
	r = signoff(t, path, "", "--as", "mara", "annotate", "INC-2046/X1", "--verdict", "none")
	if r.code != 2 || !strings.Contains(r.stderr, "not a review subject") {
		t.Fatalf("annotate on an execution: exit %d, %q", r.code, r.stderr)
	}
}

func TestGeneratedStreamImports(t *testing.T) {
	cases := []struct {
		name      string
		incidents string
		want      []string // one line per incident, in order
	}{
		{"one generated incident imports", "1", []string{"imported SYN-7-1"}},
		{"three generated incidents in one stream import as three", "3", []string{"imported SYN-7-1", "imported SYN-7-2", "imported SYN-7-3"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			gen := signoff(t, tempDB(t), "", "gen", "--incidents", c.incidents, "--events", "300", "--seed", "7")
			if gen.code != 0 {
				t.Fatalf("gen: %s", gen.stderr)
			}
			r := signoff(t, tempDB(t), gen.stdout, "import", "-")
			lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
			if r.code != 0 || len(lines) != len(c.want) {
				t.Fatalf("import of gen output: exit %d, %q %q; want %d lines", r.code, r.stdout, r.stderr, len(c.want))
			}
			for i, want := range c.want {
				if !strings.Contains(lines[i], want) || !strings.Contains(lines[i], "300 events") {
					t.Errorf("line %d is %q; want it to say %q with 300 events", i+1, lines[i], want)
				}
			}
		})
	}
}

func TestVerifyCheckpointAndReport(t *testing.T) {
	path := demoDB(t)
	if r := signoff(t, path, "", "verify"); r.code != 0 || !strings.Contains(r.stdout, "intact") {
		t.Fatalf("verify: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	cp := signoff(t, path, "", "checkpoint")
	file := filepath.Join(t.TempDir(), "cp.txt")
	os.WriteFile(file, []byte(cp.stdout), 0o600)
	if r := signoff(t, path, "", "verify", "--checkpoint", file); r.code != 0 {
		t.Fatalf("verify against a fresh checkpoint: exit %d, %q", r.code, r.stderr)
	}
	// A checkpoint from a longer chain than the database holds means entries were cut off.
	os.WriteFile(file, []byte(strings.Replace(cp.stdout, "entries: ", "entries: 9", 1)), 0o600)
	if r := signoff(t, path, "", "verify", "--checkpoint", file); r.code != 1 {
		t.Fatalf("verify against a longer checkpoint: exit %d, %q", r.code, r.stderr)
	}
	md1 := signoff(t, path, "", "report", "INC-2044")
	md2 := signoff(t, path, "", "report", "INC-2044")
	if md1.code != 0 || md1.stdout != md2.stdout || !strings.Contains(md1.stdout, "signoff maps") {
		t.Fatalf("report: exit %d, deterministic %v, stderr %q", md1.code, md1.stdout == md2.stdout, md1.stderr)
	}
	if strings.ContainsRune(md1.stdout, 0x1b) {
		t.Fatal("the report lets an escape from the incident reach the terminal")
	}
	js := signoff(t, path, "", "report", "INC-2044", "--format", "json")
	var rep map[string]any
	if err := json.Unmarshal([]byte(js.stdout), &rep); err != nil {
		t.Fatalf("report json: %v", err)
	}
	for _, key := range []string{"incident", "steps", "findings", "coverage", "chain"} {
		if _, ok := rep[key]; !ok {
			t.Errorf("report json lacks %q", key)
		}
	}
}

// Error sentences may quote incident data or file names; they reach the
// terminal through the sanitiser like everything else.
func TestErrorSentencesCannotDriveTheTerminal(t *testing.T) {
	name := filepath.Join(t.TempDir(), "feed\u202e\u001b]0;pwned\u0007.json")
	r := signoff(t, tempDB(t), "", "import", name)
	if r.code != exitUsage || !strings.Contains(r.stderr, "cannot read") {
		t.Fatalf("exit %d: %q", r.code, r.stderr)
	}
	if strings.ContainsAny(r.stderr, "\u202e\u001b\u0007") {
		t.Fatalf("stderr carries raw control or bidi characters: %q", r.stderr)
	}
}

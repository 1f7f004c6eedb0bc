package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The commands docs/IDENTITY.md gives an auditor who holds only an export
// and the team's allowed_signers file: one per kind of signature. The test
// runs them as written, with the real jq and ssh-keygen.
var auditCommands = []struct{ kind, script string }{
	{"decision", `jq -j '.events[] | select(.id == "D-S3") | .signature.statement' INC-2046.json > D-S3.statement
jq -j '.events[] | select(.id == "D-S3") | .signature.sshsig' INC-2046.json > D-S3.sig
ssh-keygen -Y verify -n signoff -I dave -f allowed_signers -s D-S3.sig < D-S3.statement`},
	{"approval", `jq -j '.events[] | select(.id == "D-S3") | .approvals[] | select(.by == "alice") | .signature.statement' INC-2046.json > D-S3-alice.statement
jq -j '.events[] | select(.id == "D-S3") | .approvals[] | select(.by == "alice") | .signature.sshsig' INC-2046.json > D-S3-alice.sig
ssh-keygen -Y verify -n signoff -I alice -f allowed_signers -s D-S3-alice.sig < D-S3-alice.statement`},
	{"verdict", `jq -j '[.reviews[] | select(.subject == "S3" and .reviewer == "alice")] | last | .signature.statement' INC-2046.json > S3-verdict.statement
jq -j '[.reviews[] | select(.subject == "S3" and .reviewer == "alice")] | last | .signature.sshsig' INC-2046.json > S3-verdict.sig
ssh-keygen -Y verify -n signoff -I alice -f allowed_signers -s S3-verdict.sig < S3-verdict.statement
test "$(jq -r '[.reviews[] | select(.subject == "S3")] | (map(.reviewer == "alice") | rindex(true)) as $i | if $i == 0 then "" else "S3#\($i)" end' INC-2046.json)" = "$(jq -r .after S3-verdict.statement)"`},
	{"status change", `jq -j '.status_changes[] | select(.id == "ST-1") | .signature.statement' INC-2046.json > ST-1.statement
jq -j '.status_changes[] | select(.id == "ST-1") | .signature.sshsig' INC-2046.json > ST-1.sig
ssh-keygen -Y verify -n signoff -I alice -f allowed_signers -s ST-1.sig < ST-1.statement
test "$(jq -r '.status_changes | (map(.id) | index("ST-1")) as $i | if $i == 0 then "" else .[$i - 1].id end' INC-2046.json)" = "$(jq -r .after ST-1.statement)"`},
}

func TestSshKeygenChecksEachSignatureFromTheExportAlone(t *testing.T) {
	for _, tool := range []string{"ssh-keygen", "jq", "sh"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (Debian: apt-get install openssh-client jq); skipping the auditor's check with the real tools", tool)
		}
	}
	path, dir := demoDB(t), t.TempDir()
	aliceKey, aliceLine := keyFile(t, dir, "alice")
	daveKey, daveLine := keyFile(t, dir, "dave")
	for _, args := range [][]string{
		{"--as", "alice", "approve", "INC-2046/S3", "--rationale", "token is public", "--evidence", "EV-1", "--sign-key", aliceKey},
		{"--as", "dave", "approve", "INC-2046/S3", "--rationale", "agreed; \"quoted\" & <marked>", "--sign-key", daveKey},
		{"--as", "alice", "annotate", "INC-2046/S3", "--verdict", "followed", "--note", "ünïcode note", "--sign-key", aliceKey},
		{"--as", "alice", "status", "INC-2046", "contained", "--rationale", "token revoked; gateway isolated", "--sign-key", aliceKey},
	} {
		if r := signoff(t, path, "", args...); r.code != 0 {
			t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
		}
	}
	audit := t.TempDir() // what the auditor holds: the export and the roster
	r := signoff(t, path, "", "export", "INC-2046")
	if r.code != 0 {
		t.Fatalf("export: %s", r.stderr)
	}
	writeFile(t, audit, "INC-2046.json", r.stdout)
	writeFile(t, audit, "allowed_signers", aliceLine+"\n"+daveLine+"\n")
	for _, c := range auditCommands {
		t.Run("the "+c.kind+" signature checks with ssh-keygen", func(t *testing.T) {
			out, err := shell(audit, c.script)
			if err != nil || !strings.Contains(out, `Good "signoff" signature for`) {
				t.Fatalf("%v\n%s", err, out)
			}
		})
	}
	t.Run("a statement edited in the export fails", func(t *testing.T) {
		b, _ := os.ReadFile(filepath.Join(audit, "INC-2046.json"))
		edited := strings.Replace(string(b), `agreed; \\\"quoted\\\"`, `agreed; \\\"QUOTED\\\"`, 1)
		if edited == string(b) {
			t.Fatal("the test's edit found nothing to change")
		}
		tampered := t.TempDir()
		writeFile(t, tampered, "INC-2046.json", edited)
		writeFile(t, tampered, "allowed_signers", aliceLine+"\n"+daveLine+"\n")
		if out, err := shell(tampered, auditCommands[0].script); err == nil {
			t.Fatalf("ssh-keygen accepted an edited statement:\n%s", out)
		}
	})
}

func shell(dir, script string) (string, error) {
	cmd := exec.Command("sh", "-e", "-c", script)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// The docs give an auditor the very commands the test above runs.
func TestTheDocsGiveTheTestedAuditCommands(t *testing.T) {
	b, err := os.ReadFile("../../docs/IDENTITY.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range auditCommands {
		if !strings.Contains(string(b), "```sh\n"+c.script+"\n```") {
			t.Errorf("docs/IDENTITY.md does not give the %s check as tested:\n%s", c.kind, c.script)
		}
	}
}

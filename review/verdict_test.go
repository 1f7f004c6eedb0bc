package review

import (
	"reflect"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

func TestProposeVerdict(t *testing.T) {
	cases := []struct {
		name    string
		edit    func(t *testing.T, d *model.Document)
		verdict model.Verdict
		reason  string
		diff    bool
	}{
		{"approved with the same action is followed", func(*testing.T, *model.Document) {},
			model.VerdictFollowed, "followed: alice approved S1's action unchanged (D1)", false},
		{"approved with a different action is modified", func(t *testing.T, d *model.Document) {
			event(t, d, "D1").Action.Detail = "keep management VLAN"
		}, model.VerdictModified, "modified: alice approved an action different from S1's (D1)", true},
		{"modified is modified", func(t *testing.T, d *model.Document) {
			dec := event(t, d, "D1")
			dec.Outcome, dec.Action = model.OutcomeModified, &model.Action{Type: "block_ip", Target: "host-1"}
		}, model.VerdictModified, "modified: alice changed S1's action before approving it (D1)", true},
		{"modified with an unchanged action is still modified", func(t *testing.T, d *model.Document) {
			event(t, d, "D1").Outcome = model.OutcomeModified
		}, model.VerdictModified, "modified: alice marked D1 modified, though the action matches S1's", false},
		{"rejected is ignored", func(t *testing.T, d *model.Document) {
			dec := event(t, d, "D1")
			dec.Outcome, dec.Action = model.OutcomeRejected, nil
		}, model.VerdictIgnored, "ignored: alice rejected S1 (D1)", false},
		{"deferred has no proposal yet", func(t *testing.T, d *model.Document) {
			dec := event(t, d, "D1")
			dec.Outcome, dec.Action = model.OutcomeDeferred, nil
		}, "", "no proposal yet: alice deferred S1 at 2026-03-02 09:12 UTC (D1) and nobody has decided it since", false},
		{"pending has no proposal yet", func(t *testing.T, d *model.Document) {
			d.Events = d.Events[:1]
		}, "", "no proposal yet: S1 is pending, nobody has decided it", false},
		{"auto-executed is followed", func(t *testing.T, d *model.Document) { autoExecute(t, d) },
			model.VerdictFollowed, "followed: X1 carried out S1's action with no human decision", false},
		{"no suggestion is none", func(t *testing.T, d *model.Document) {
			d.Events = d.Events[1:]
			event(t, d, "D1").Suggestion = ""
		}, model.VerdictNone, "none: alice decided D1 with no AI suggestion", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := cleanDoc()
			tc.edit(t, &d)
			mustValid(t, d)
			p := ProposeVerdict(Steps(d)[0])
			if p.Verdict != tc.verdict || p.Reason != tc.reason {
				t.Errorf("proposal %q (%q)\nwant     %q (%q)", p.Verdict, p.Reason, tc.verdict, tc.reason)
			}
			if (len(p.Diff) > 0) != tc.diff {
				t.Errorf("diff %+v, want one: %v", p.Diff, tc.diff)
			}
			if strings.Contains(p.Reason, "\n") {
				t.Errorf("the reason is more than one line")
			}
		})
	}
}

func TestActionDiff(t *testing.T) {
	a := func(typ, target, detail string) *model.Action {
		return &model.Action{Type: typ, Target: target, Detail: detail}
	}
	cases := []struct {
		name     string
		sug, fin *model.Action
		want     []DiffSpan
	}{
		{"the same action has no diff", a("isolate_host", "h1", "now"), a("isolate_host", "h1", "now"), nil},
		{"a changed target replaces one word", a("isolate_host", "build-host-14", "full isolation"), a("isolate_host", "build-host-15", "full isolation"),
			[]DiffSpan{{DiffEqual, "isolate_host "}, {DiffDelete, "build-host-14"}, {DiffInsert, "build-host-15"}, {DiffEqual, " full isolation"}}},
		{"words are compared whole, not by character", a("revoke_token", "deploy-bot", ""), a("rotate_secret", "deploy-bot", ""),
			[]DiffSpan{{DiffDelete, "revoke_token"}, {DiffInsert, "rotate_secret"}, {DiffEqual, " deploy-bot"}}},
		{"an added detail is an insertion", a("block_ip", "ip-1", ""), a("block_ip", "ip-1", "for 24 hours"),
			[]DiffSpan{{DiffEqual, "block_ip ip-1"}, {DiffInsert, " for 24 hours"}}},
		{"no final action removes everything", a("block_ip", "ip-1", ""), nil,
			[]DiffSpan{{DiffDelete, "block_ip ip-1"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := ActionDiff(tc.sug, tc.fin); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("diff %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestActionDiffOfHugeDetailsStaysWordExact(t *testing.T) {
	long := strings.Repeat("word ", maxDiffWords)
	sug := &model.Action{Type: "block_ip", Target: "ip-1", Detail: long + "alpha"}
	fin := &model.Action{Type: "block_ip", Target: "ip-1", Detail: long + "beta"}
	spans := ActionDiff(sug, fin)
	var before, after strings.Builder
	for _, s := range spans {
		if s.Op != DiffInsert {
			before.WriteString(s.Text)
		}
		if s.Op != DiffDelete {
			after.WriteString(s.Text)
		}
	}
	if before.String() != ActionText(sug) || after.String() != ActionText(fin) {
		t.Fatal("the coarse diff does not rebuild both actions")
	}
	if last := spans[len(spans)-1]; last != (DiffSpan{DiffInsert, "beta"}) {
		t.Errorf("last span %+v, want the inserted word", last)
	}
}

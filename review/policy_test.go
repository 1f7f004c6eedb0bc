package review

import (
	"os"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

func TestDefaultPolicyMatchesSpecTable(t *testing.T) {
	p := DefaultPolicy()
	table := map[string]Rule{}
	add := func(class model.ActionClass, tier model.Tier, types ...string) {
		for _, ty := range types {
			table[ty] = Rule{class, tier}
		}
	}
	add(model.ClassRead, model.TierLow, "enrich", "lookup", "tag", "create_ticket", "collect_evidence")
	add(model.ClassCommunication, model.TierLow, "notify_internal")
	add(model.ClassContainment, model.TierMedium, "block_ip", "block_domain", "quarantine_file", "kill_process", "reset_session")
	add(model.ClassContainment, model.TierHigh, "disable_account", "revoke_token", "revoke_key", "rotate_secret", "isolate_host")
	add(model.ClassCommunication, model.TierHigh, "external_comms")
	add(model.ClassContainment, model.TierCritical, "delete_resource", "wipe_host", "shutdown_service")
	if len(p.rules) != len(table) {
		t.Errorf("the default policy lists %d types, SPEC.md %d", len(p.rules), len(table))
	}
	for ty, want := range table {
		if got, ok := p.Rule(ty); !ok || got != want {
			t.Errorf("%s is %+v, want %+v", ty, got, want)
		}
	}
}

func TestExamplePolicyIsTheDefault(t *testing.T) {
	b, err := os.ReadFile("../fixtures/policy.toml")
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != defaultPolicyTOML {
		t.Fatal("fixtures/policy.toml differs from review/default_policy.toml; copy the default over it")
	}
}

func TestClassify(t *testing.T) {
	plain := &model.Asset{ID: "h", Kind: "host"}
	priv := &model.Asset{ID: "p", Kind: "service_account", Privileged: true}
	cases := []struct {
		name   string
		typ    string
		target *model.Asset
		class  model.ActionClass
		tier   model.Tier
	}{
		{"a listed type keeps its tier", "block_ip", plain, model.ClassContainment, model.TierMedium},
		{"containment on a privileged asset steps up one tier", "block_ip", priv, model.ClassContainment, model.TierHigh},
		{"high containment on a privileged asset becomes critical", "revoke_token", priv, model.ClassContainment, model.TierCritical},
		{"critical stays critical on a privileged asset", "wipe_host", priv, model.ClassContainment, model.TierCritical},
		{"a read action on a privileged asset does not step up", "enrich", priv, model.ClassRead, model.TierLow},
		{"communication on a privileged asset does not step up", "external_comms", priv, model.ClassCommunication, model.TierHigh},
		{"an unknown type is high containment", "format_disk", plain, model.ClassContainment, model.TierHigh},
		{"an unknown type on a privileged asset is critical", "format_disk", priv, model.ClassContainment, model.TierCritical},
		{"an action with no target keeps its tier", "revoke_key", nil, model.ClassContainment, model.TierHigh},
		{"types are matched exactly", "Block_IP", plain, model.ClassContainment, model.TierHigh},
	}
	p := DefaultPolicy()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			class, tier := p.Classify(model.Action{Type: tc.typ}, tc.target)
			if class != tc.class || tier != tc.tier {
				t.Errorf("Classify = %s/%s, want %s/%s", class, tier, tc.class, tc.tier)
			}
		})
	}
}

func TestAuthority(t *testing.T) {
	cases := []struct {
		name string
		a    model.Authority
		tier model.Tier
		has  bool
	}{
		{"anyone may approve a low action", model.AuthorityNone, model.TierLow, true},
		{"low authority cannot approve medium", model.AuthorityLow, model.TierMedium, false},
		{"medium authority approves medium", model.AuthorityMedium, model.TierMedium, true},
		{"medium authority cannot approve high", model.AuthorityMedium, model.TierHigh, false},
		{"high authority approves high", model.AuthorityHigh, model.TierHigh, true},
		{"high authority is enough for one of critical's two approvals", model.AuthorityHigh, model.TierCritical, true},
		{"medium authority is not enough for critical", model.AuthorityMedium, model.TierCritical, false},
		{"an unknown authority is nothing", model.Authority("root"), model.TierLow, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := HasAuthority(tc.a, tc.tier); got != tc.has {
				t.Errorf("HasAuthority = %v", got)
			}
		})
	}
}

func TestRequirementNamesWhatEachTierNeeds(t *testing.T) {
	cases := map[model.Tier]string{
		model.TierLow:      "nothing",
		model.TierMedium:   "one human approval with authority medium",
		model.TierHigh:     "one human approval with authority high",
		model.TierCritical: "two distinct people with authority high",
	}
	for tier, want := range cases {
		t.Run(string(tier)+" says what it needs", func(t *testing.T) {
			if got := Requirement(tier); !strings.HasPrefix(got, string(tier)+": ") || !strings.Contains(got, want) {
				t.Errorf("Requirement = %q", got)
			}
		})
	}
}

func TestLoadPolicyRefusesBadFiles(t *testing.T) {
	cases := []struct {
		name string
		text string
		want string // the whole error sentence
	}{
		{"an unknown top-level key", "strict = true\n[actions]\nenrich = { class = \"read\", tier = \"low\" }\n",
			`policy file p.toml, line 1: unknown key "strict"; a policy has require_signature, signers, an [actions] table whose entries have a class and a tier, and may have a [status] table (commander, authority)`},
		{"an entry that is not a table", "[actions]\nenrich = { class = \"read\", tier = \"low\" }\nstrict = true\n",
			`policy file p.toml, line 3: action type "strict" must be a table such as { class = "read", tier = "low" }`},
		{"an unknown key inside an entry", "[actions]\nenrich = { class = \"read\", tier = \"low\", owner = \"x\" }\n",
			`policy file p.toml, line 2: unknown key "owner"; a policy has require_signature, signers, an [actions] table whose entries have a class and a tier, and may have a [status] table (commander, authority)`},
		{"an unknown tier", "[actions]\nenrich = { class = \"read\", tier = \"low\" }\nwipe = { class = \"containment\", tier = \"extreme\" }\n",
			`policy file p.toml, line 3: action type "wipe" has unknown tier "extreme"; expected low, medium, high or critical`},
		{"an unknown class", "[actions]\n\nwipe = { class = \"destruction\", tier = \"high\" }\n",
			`policy file p.toml, line 3: action type "wipe" has unknown class "destruction"; expected read, communication or containment`},
		{"a type listed twice", "[actions]\nenrich = { class = \"read\", tier = \"low\" }\ntag = { class = \"read\", tier = \"low\" }\nenrich = { class = \"read\", tier = \"medium\" }\n",
			`policy file p.toml, line 4: action type "enrich" is listed twice (first on line 2)`},
		{"a type listed again as its own table", "[actions]\nenrich = { class = \"read\", tier = \"low\" }\n\n[actions.enrich]\nclass = \"read\"\ntier = \"low\"\n",
			`policy file p.toml, line 4: action type "enrich" is listed twice (first on line 2)`},
		{"a missing tier", "[actions]\nenrich = { class = \"read\" }\n",
			`policy file p.toml, line 2: action type "enrich" needs a tier (low, medium, high or critical)`},
		{"broken TOML", "[actions]\nenrich = { class = \"read\", tier = \"low\"\n",
			`policy file p.toml, line 2: inline table is incomplete`},
		{"a signature required at a tier that does not exist", "# tiers\nrequire_signature = [\"high\", \"severe\"]\n[actions]\nenrich = { class = \"read\", tier = \"low\" }\n",
			`policy file p.toml, line 2: require_signature names "severe", which is not a tier; expected low, medium, high or critical`},
		{"an empty roster", "# roster\nsigners = \" \"\n[actions]\nenrich = { class = \"read\", tier = \"low\" }\n",
			`policy file p.toml, line 2: signers is empty; name the allowed-signers file, or leave the key out`},
		{"no actions at all", "# empty\n",
			`policy file p.toml lists no action types: expected an [actions] table`},
		{"a byte that is not UTF-8 in a type", "[actions]\nenrich = { class = \"read\", tier = \"low\" }\n\"wipe\xff\" = { class = \"containment\", tier = \"critical\" }\n",
			`policy file p.toml, line 3: byte 0xFF is not valid UTF-8; a policy file is UTF-8 text`},
		{"a very long type with a bad tier", "[actions]\n" + strings.Repeat("x", 5000) + " = { class = \"read\", tier = \"huge\" }\n",
			`policy file p.toml, line 2: action type "` + strings.Repeat("x", 77) + `"… has unknown tier "huge"; expected low, medium, high or critical`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadPolicy(strings.NewReader(tc.text), "p.toml")
			if model.ErrorCode(err) != model.EINVALID {
				t.Fatalf("error %v has code %q, want EINVALID", err, model.ErrorCode(err))
			}
			if err.Error() != tc.want {
				t.Errorf("error %q\nwant  %q", err.Error(), tc.want)
			}
		})
	}
}

func TestLoadPolicyAcceptsOtherSpellings(t *testing.T) {
	text := "[actions]\nenrich = { class = \"read\", tier = \"low\" }\n\n[actions.page_ceo]\nclass = \"communication\"\ntier = \"critical\"\n"
	p, err := LoadPolicy(strings.NewReader(text), "p.toml")
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := p.Rule("page_ceo"); r != (Rule{model.ClassCommunication, model.TierCritical}) {
		t.Errorf("page_ceo is %+v", r)
	}
	if _, ok := p.Rule("block_ip"); ok {
		t.Error("a loaded policy replaces the default; it must not inherit block_ip")
	}
}

func TestRequireSignatureNamesTheTiersWhoseDecisionsMustBeSigned(t *testing.T) {
	p, err := LoadPolicy(strings.NewReader("require_signature = [\"high\", \"critical\"]\n[actions]\nenrich = { class = \"read\", tier = \"low\" }\n"), "p.toml")
	if err != nil {
		t.Fatal(err)
	}
	for tier, want := range map[model.Tier]bool{model.TierLow: false, model.TierMedium: false, model.TierHigh: true, model.TierCritical: true} {
		if got := p.RequiresSignature(tier); got != want {
			t.Errorf("%s: RequiresSignature = %v", tier, got)
		}
	}
	for _, tier := range []model.Tier{model.TierLow, model.TierMedium, model.TierHigh, model.TierCritical} {
		if DefaultPolicy().RequiresSignature(tier) {
			t.Errorf("the default policy requires a signature at %s; it must work without keys", tier)
		}
	}
}

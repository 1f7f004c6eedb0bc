package train

import (
	"testing"

	"github.com/signoff/signoff/model"
)

// Pseudonyms make "alice" and Cyrillic "аlice" two different names; the
// findings a trainee sees must still count them as one person, as the
// record's findings do, so the pseudonymous roster keeps which read alike.
func TestPseudonymsKeepWhichIDsReadAlike(t *testing.T) {
	const twin, twinAsset = "\u0430lice", "pr\u043ed-db"
	r := model.Roster{
		People: []model.Person{{ID: "alice", Name: "Alice Moreau"}, {ID: twin, Name: "Alice Moreau"}, {ID: "bob", Name: "Bob Stone"}},
		Assets: []model.Asset{{ID: "prod-db"}, {ID: twinAsset}},
		Alike: model.LookAlikes{Who: model.Twins{"alice": "alice", twin: "alice"},
			Assets: model.Twins{"prod-db": "prod-db", twinAsset: "prod-db"}},
	}
	p := newPseudonyms("INC-1", r)
	out := p.roster(r)
	if a, b := p.id("alice"), p.id(twin); a == b || out.Alike.Who.One(b) != a || out.Alike.Who.One(a) != a {
		t.Fatalf("the pseudonyms %q and %q do not read as one: %v", a, b, out.Alike.Who)
	}
	if _, ok := out.Alike.Who[p.id("bob")]; ok {
		t.Fatalf("bob reads like nobody, yet is listed: %v", out.Alike.Who)
	}
	if out.Alike.Assets.One(p.text(twinAsset)) != p.text("prod-db") {
		t.Fatalf("the assets that read alike are lost: %v", out.Alike.Assets)
	}
}

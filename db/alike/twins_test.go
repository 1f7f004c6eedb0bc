package alike

import (
	"testing"

	"github.com/signoff/signoff/model"
)

func TestLookAlikesGroupsTheIdsOfARosterThatReadAlike(t *testing.T) {
	r := model.Roster{
		People: []model.Person{{ID: "ana"}, {ID: "bob"}, {ID: "\u0430na"}},
		Agents: []model.Agent{{ID: "ANA"}, {ID: "triage"}},
		Assets: []model.Asset{{ID: "prod-db"}, {ID: "ana"}, {ID: "pr\u043ed-db"}},
	}
	l := LookAlikes(r)
	for _, c := range []struct {
		name      string
		twins     model.Twins
		id, first string
	}{
		{"the first person recorded counts as itself", l.Who, "ana", "ana"},
		{"a Cyrillic look-alike counts as the first", l.Who, "\u0430na", "ana"},
		{"an agent reading like a person counts as that person", l.Who, "ANA", "ana"},
		{"an id reading like no other counts as itself", l.Who, "bob", "bob"},
		{"an asset counts as the first asset it reads like", l.Assets, "pr\u043ed-db", "prod-db"},
		{"an asset never counts as a person", l.Assets, "ana", "ana"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.twins.One(c.id); got != c.first {
				t.Fatalf("One(%q) = %q, want %q", c.id, got, c.first)
			}
		})
	}
	if _, ok := l.Who["bob"]; ok {
		t.Fatal("bob has no look-alike, yet is listed")
	}
	if twin, ok := l.Who.Of("ana"); !ok || twin != "ANA" {
		t.Fatalf("ana's twin is %q, %v; want ANA (the least of the others)", twin, ok)
	}
	if twin, ok := l.Assets.Of("prod-db"); !ok || twin != "pr\u043ed-db" {
		t.Fatalf("prod-db's twin is %q, %v", twin, ok)
	}
	if !LookAlikes(model.Roster{People: []model.Person{{ID: "ana"}, {ID: "alicia"}}}).Empty() {
		t.Fatal("a roster with no look-alikes is not empty")
	}
}

package train

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/tuitest"
)

var unknownPseudonym = regexp.MustCompile(`^unknown-[0-9a-f]{8}$`)

// An owner who is neither a person nor an agent of the incident (stored
// before such ids were refused, or by another program) shows under a
// pseudonym of its own: not blank, not the id, which is the real name.
func TestAnUnknownOwnerGetsAStablePseudonym(t *testing.T) {
	doc := tuitest.SmallIncident()
	roster := model.Roster{People: doc.People, Agents: doc.Agents, Assets: doc.Assets}
	p := newPseudonyms(doc.Incident.ID, roster)
	eve := p.owner("eve.mallory")
	t.Run("an unknown id is unknown- and 8 hex digits", func(t *testing.T) {
		if !unknownPseudonym.MatchString(eve) {
			t.Fatalf("eve.mallory shows as %q", eve)
		}
	})
	t.Run("the same id gets the same pseudonym, in this run and the next", func(t *testing.T) {
		if again, next := p.owner("eve.mallory"), newPseudonyms(doc.Incident.ID, roster).owner("eve.mallory"); again != eve || next != eve {
			t.Errorf("eve.mallory shows as %q, then %q, then in another run %q", eve, again, next)
		}
	})
	t.Run("another id gets another", func(t *testing.T) {
		if other := p.owner("mallory"); other == eve || !unknownPseudonym.MatchString(other) {
			t.Errorf("mallory shows as %q, eve.mallory as %q", other, eve)
		}
	})
	t.Run("the hash is keyed: hashing a guessed name does not give it", func(t *testing.T) {
		sum := sha256.Sum256([]byte("eve.mallory"))
		if eve == unknownPrefix+hex.EncodeToString(sum[:4]) {
			t.Errorf("the pseudonym is the plain hash of the id")
		}
	})
	t.Run("people, agents and nobody keep their own", func(t *testing.T) {
		for id, want := range map[string]string{"alice": "person-a", "mara": "person-b", "helper": "helper", "": ""} {
			if got := p.owner(id); got != want {
				t.Errorf("%q shows as %q, want %q", id, got, want)
			}
		}
	})
	t.Run("every place an owner shows gives the pseudonym", func(t *testing.T) {
		d := p.event(model.Event{ID: "D1", Kind: model.KindDecision, Owner: "eve.mallory", Approvals: []model.Approval{{By: "eve.mallory"}, {By: "alice"}}})
		ev := p.evidence(model.Evidence{ID: "EV-1", CollectedBy: "eve.mallory"})
		row := p.row(model.TimelineRow{Kind: model.KindDecision, ID: "D1", Actor: "eve.mallory", Reviewer: "eve.mallory"})
		st := p.step(model.Step{Reviews: []model.Review{{Subject: "S1", Reviewer: "eve.mallory"}}})
		inc := p.incident(model.Incident{ID: "INC-7", Commander: "eve.mallory"})
		for where, got := range map[string]string{"owner": d.Owner, "approver": d.Approvals[0].By, "collector": ev.CollectedBy,
			"decision row": row.Actor, "row's reviewer": row.Reviewer, "reviewer": st.Reviews[0].Reviewer, "commander": inc.Commander} {
			if got != eve {
				t.Errorf("the %s shows as %q, want %q", where, got, eve)
			}
		}
		if d.Approvals[1].By != "person-a" {
			t.Errorf("a known approver shows as %q", d.Approvals[1].By)
		}
	})
	t.Run("a decision row by a person shows their pseudonym, an execution by an automation its name", func(t *testing.T) {
		if got := p.row(model.TimelineRow{Kind: model.KindDecision, Actor: "alice"}).Actor; got != "person-a" {
			t.Errorf("alice's decision row shows %q", got)
		}
		if got := p.row(model.TimelineRow{Kind: model.KindExecution, Actor: "soar-runner"}).Actor; got != "soar-runner" {
			t.Errorf("the automation's execution row shows %q", got)
		}
	})
}

// Evidence's collected_by is never checked against the people, so a
// record collected by someone the incident does not list imports as it
// is: an anonymized run shows them under their pseudonym throughout.
func TestAnAnonymizedRunHidesAnUnknownCollector(t *testing.T) {
	d := openFixtures(t)
	doc := tuitest.SmallIncident()
	doc.Incident.ID = "INC-12"
	doc.Evidence[0].CollectedBy = "eve.mallory"
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.ImportDocument(context.Background(), "eve.json", bytes.NewReader(b), "test"); err != nil {
		t.Fatal(err)
	}
	name := regexp.MustCompile(`(?i)(^|[^\pL\pN])(eve|mallory)($|[^\pL\pN])`)
	pseudonym := regexp.MustCompile(`unknown-[0-9a-f]{8}`)
	m := newTestModel(t, d, "INC-12", "trainee-x", 160, 48, func(o *Options) { o.Anonymize = true })
	seen := map[string]bool{}
	for steps := 0; m.phase != phaseScore; steps++ {
		if steps > 50 {
			t.Fatal("the replay never ends")
		}
		screen := ansi.Strip(m.View() + "\n" + m.content())
		if name.MatchString(screen) {
			t.Fatalf("the screen names the collector:\n%s", screen)
		}
		for _, s := range pseudonym.FindAllString(screen, -1) {
			seen[s] = true
		}
		if m.phase == phaseChoose {
			press(t, m, "a")
			typeText(t, m, "go")
			press(t, m, "enter")
		}
		press(t, m, "space")
	}
	if len(seen) != 1 {
		t.Errorf("the collector showed as %v, want one pseudonym", seen)
	}
	if name.MatchString(ansi.Strip(m.View() + "\n" + m.content())) {
		t.Errorf("the scorecard names the collector")
	}
}

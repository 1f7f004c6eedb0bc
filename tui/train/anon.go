package train

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// pseudonyms hide which incident a replay is about, for a trainer who does
// not want trainees to recognise the case: the incident's id becomes
// "CASE", its title and summary are not shown, and every person gets a
// pseudonym that stays the same for the whole run (Person A, id person-a).
// Free text has those names and ids replaced wherever they stand as words,
// in any case, asset ids included ("erik-laptop" becomes "person-c-laptop"). What the
// trainee chooses is saved in the record's own terms (real), so scores and
// results compare like with like. A nil *pseudonyms shows everything.
//
// An owner, approver, reviewer, collector or commander who is neither a
// person nor an agent of the incident (a record stored before such ids
// were refused, or by another program; evidence's collected_by, which is
// never checked) gets a pseudonym too: "unknown-" and 8 hex digits of a
// keyed hash of the id (owner).
type pseudonyms struct {
	ids    map[string]string // person id -> pseudonym id
	names  map[string]string // person id -> pseudonym name
	agents map[string]bool   // agent ids, which show as text shows them
	terms  []term            // longest first
	assets map[string]string // pseudonym asset id -> real one
}

type term struct{ from, to string }

const caseID = "CASE"

// newPseudonyms builds the pseudonyms of an incident's people, in the
// order of their ids, so the same incident always gets the same ones.
func newPseudonyms(incident string, r model.Roster) *pseudonyms {
	p := &pseudonyms{ids: map[string]string{}, names: map[string]string{}, agents: map[string]bool{}, assets: map[string]string{}}
	for _, a := range r.Agents {
		p.agents[a.ID] = true
	}
	people := append([]model.Person(nil), r.People...)
	sort.Slice(people, func(i, j int) bool { return people[i].ID < people[j].ID })
	for i, per := range people {
		letter := letters(i)
		p.ids[per.ID] = "person-" + strings.ToLower(letter)
		p.names[per.ID] = "Person " + letter
		p.terms = append(p.terms, term{per.ID, p.ids[per.ID]})
		if per.Name != "" {
			p.terms = append(p.terms, term{per.Name, p.names[per.ID]})
			for _, part := range strings.Fields(per.Name) {
				if utf8.RuneCountInString(part) >= 3 {
					p.terms = append(p.terms, term{part, p.names[per.ID]})
				}
			}
		}
	}
	p.terms = append(p.terms, term{incident, caseID})
	sort.SliceStable(p.terms, func(i, j int) bool { return len(p.terms[i].from) > len(p.terms[j].from) })
	for _, a := range r.Assets {
		p.assets[p.text(a.ID)] = a.ID
	}
	return p
}

// letters names the i-th pseudonym: A … Z, then AA, AB ….
func letters(i int) string {
	if i < 26 {
		return string(rune('A' + i))
	}
	return letters(i/26-1) + letters(i%26)
}

// text replaces the names and ids of the incident's people, and the
// incident's id, wherever they stand as whole words, in any case: free
// text writes "Tomas" of the person tomas, "#inc-2045" of INC-2045.
func (p *pseudonyms) text(s string) string {
	if p == nil || s == "" {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i == 0 || !wordRune(lastRune(s[:i])) {
			if t, n, ok := p.termAt(s[i:]); ok {
				b.WriteString(t.to)
				i += n
				continue
			}
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[i : i+n])
		i += n
	}
	return b.String()
}

// termAt finds the term s starts with as a whole word, and how many
// bytes of s it takes.
func (p *pseudonyms) termAt(s string) (term, int, bool) {
	for _, t := range p.terms {
		if n, ok := foldPrefix(s, t.from); ok && (len(s) == n || !wordRune(firstRune(s[n:]))) {
			return t, n, true
		}
	}
	return term{}, 0, false
}

// foldPrefix reports whether s starts with prefix, ignoring case as
// Unicode folds it, and how many bytes of s that prefix takes (a folded
// letter may be written in more or fewer bytes).
func foldPrefix(s, prefix string) (int, bool) {
	i := 0
	for _, want := range prefix {
		if i >= len(s) {
			return 0, false
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r != want && !sameFold(r, want) {
			return 0, false
		}
		i += n
	}
	return i, true
}

// sameFold reports whether two runes are the same letter in another case.
func sameFold(a, b rune) bool {
	for f := unicode.SimpleFold(a); f != a; f = unicode.SimpleFold(f) {
		if f == b {
			return true
		}
	}
	return false
}

// wordRune: letters and digits make words; hyphens and underscores join
// the words of an id, so a name inside one is still a name.
func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func lastRune(s string) rune  { r, _ := utf8.DecodeLastRuneInString(s); return r }
func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

// id is a person's pseudonym id, or any other id with names replaced.
func (p *pseudonyms) id(s string) string {
	if p == nil {
		return s
	}
	if x, ok := p.ids[s]; ok {
		return x
	}
	return p.text(s)
}

// owner is the pseudonym of an id that names a person (an owner,
// approver, reviewer, collector, commander or operator): a person's, an
// agent's id as text shows it, and for an id that is neither "unknown-"
// and the first 8 hex digits of an HMAC-SHA256 of it. Its key is drawn
// once a process, so the same id gets the same pseudonym wherever it
// shows, across runs and resumes in one signoff process, and a trainee
// cannot hash guessed names to find whose it is; text replaces known
// names only, so the bare id would show the real name, and a blank would
// hide that someone acted. An empty id (nobody recorded) stays empty.
func (p *pseudonyms) owner(s string) string {
	switch {
	case p == nil || s == "":
		return s
	case p.ids[s] != "":
		return p.ids[s]
	case p.agents[s]:
		return p.text(s)
	}
	mac := hmac.New(sha256.New, unknownKey())
	mac.Write([]byte(s))
	return unknownPrefix + hex.EncodeToString(mac.Sum(nil)[:4])
}

const unknownPrefix = "unknown-"

// unknownKey keys the hash of owners unknown to the incident.
var unknownKey = sync.OnceValue(func() []byte {
	k := make([]byte, 32)
	rand.Read(k) // never fails (crypto/rand, Go 1.24 on)
	return k
})

func (p *pseudonyms) action(a *model.Action) *model.Action {
	if p == nil || a == nil {
		return a
	}
	x := *a
	x.Target, x.Detail = p.text(a.Target), p.text(a.Detail)
	return &x
}

func (p *pseudonyms) event(e model.Event) model.Event {
	if p == nil {
		return e
	}
	e.Source, e.Actor, e.Owner, e.Agent = p.text(e.Source), p.id(e.Actor), p.owner(e.Owner), p.text(e.Agent)
	e.Summary, e.Detail, e.Rationale = p.text(e.Summary), p.text(e.Detail), p.text(e.Rationale)
	e.ConfidenceCue, e.RawOutput = p.text(e.ConfidenceCue), p.text(e.RawOutput)
	e.Action = p.action(e.Action)
	alts := make([]model.Action, len(e.Alternatives))
	for i, a := range e.Alternatives {
		alts[i] = *p.action(&a)
	}
	e.Alternatives = alts
	rej := make([]model.RejectedAlternative, len(e.AlternativesRejected))
	for i, r := range e.AlternativesRejected {
		rej[i] = model.RejectedAlternative{Action: *p.action(&r.Action), Reason: p.text(r.Reason)}
	}
	e.AlternativesRejected = rej
	apps := make([]model.Approval, len(e.Approvals))
	for i, a := range e.Approvals {
		apps[i] = a
		apps[i].By = p.owner(a.By)
	}
	e.Approvals = apps
	return e
}

func (p *pseudonyms) evidence(e model.Evidence) model.Evidence {
	if p == nil {
		return e
	}
	e.Asset, e.CollectedBy = p.text(e.Asset), p.owner(e.CollectedBy)
	e.Summary, e.URI = p.text(e.Summary), p.text(e.URI)
	return e
}

func (p *pseudonyms) row(r model.TimelineRow) model.TimelineRow {
	if p == nil {
		return r
	}
	// A decision row's actor is its owner, an evidence row's its
	// collector; the others' a source, an agent or an execution's actor.
	if r.Kind == model.KindDecision || r.Kind == model.KindEvidence {
		r.Actor = p.owner(r.Actor)
	} else {
		r.Actor = p.id(r.Actor)
	}
	r.Summary, r.Reviewer = p.text(r.Summary), p.owner(r.Reviewer)
	return r
}

// roster is the roster as the trainee sees it: pseudonyms for people
// (their role kept, their team left out), names replaced in the rest.
func (p *pseudonyms) roster(r model.Roster) model.Roster {
	if p == nil {
		return r
	}
	out := model.Roster{}
	for _, per := range r.People {
		out.People = append(out.People, model.Person{ID: p.ids[per.ID], Name: p.names[per.ID], Role: per.Role, Authority: per.Authority})
	}
	for _, a := range r.Agents {
		// An agent may be named after a person (its operator, say).
		a.ID, a.Name, a.Parent, a.Operator = p.text(a.ID), p.text(a.Name), p.text(a.Parent), p.owner(a.Operator)
		a.Model, a.Version = p.text(a.Model), p.text(a.Version)
		out.Agents = append(out.Agents, a)
	}
	for _, a := range r.Assets {
		a.ID, a.Owner, a.Summary = p.text(a.ID), p.owner(a.Owner), p.text(a.Summary)
		out.Assets = append(out.Assets, a)
	}
	// Pseudonyms tell look-alikes apart on screen, but the findings still
	// count them as one person, as the record's do.
	out.Alike = model.LookAlikes{Who: renamed(r.Alike.Who, p.id), Assets: renamed(r.Alike.Assets, p.text)}
	return out
}

// renamed is t with each id put through rename.
func renamed(t model.Twins, rename func(string) string) model.Twins {
	if len(t) == 0 {
		return nil
	}
	out := make(model.Twins, len(t))
	for id, first := range t {
		out[rename(id)] = rename(first)
	}
	return out
}

func (p *pseudonyms) step(s model.Step) model.Step {
	if p == nil {
		return s
	}
	if s.Suggestion != nil {
		e := p.event(*s.Suggestion)
		s.Suggestion = &e
	}
	s.Decisions = p.events(s.Decisions)
	s.Executions = p.events(s.Executions)
	ev := make([]model.Evidence, len(s.Evidence))
	for i, e := range s.Evidence {
		ev[i] = p.evidence(e)
	}
	s.Evidence = ev
	rs := make([]model.Review, len(s.Reviews))
	for i, r := range s.Reviews {
		rs[i] = r
		rs[i].Reviewer, rs[i].Note = p.owner(r.Reviewer), p.text(r.Note)
	}
	s.Reviews = rs
	if s.TargetAsset != nil {
		a := *s.TargetAsset
		a.ID, a.Owner, a.Summary = p.text(a.ID), p.owner(a.Owner), p.text(a.Summary)
		s.TargetAsset = &a
	}
	s.Incident = p.text(s.Incident)
	return s
}

func (p *pseudonyms) events(es []model.Event) []model.Event {
	out := make([]model.Event, len(es))
	for i, e := range es {
		out[i] = p.event(e)
	}
	return out
}

func (p *pseudonyms) findings(fs []review.Finding) []review.Finding {
	if p == nil {
		return fs
	}
	out := make([]review.Finding, len(fs))
	for i, f := range fs {
		out[i] = f
		out[i].Message = p.text(f.Message)
	}
	return out
}

func (p *pseudonyms) diff(spans []review.DiffSpan) []review.DiffSpan {
	if p == nil {
		return spans
	}
	out := make([]review.DiffSpan, len(spans))
	for i, s := range spans {
		out[i] = s
		out[i].Text = p.text(s.Text)
	}
	return out
}

// incident hides what would tell the case: its id, title and summary.
func (p *pseudonyms) incident(inc model.Incident) model.Incident {
	if p == nil {
		return inc
	}
	inc.ID, inc.Title, inc.Summary = caseID, "(title hidden by the trainer)", ""
	inc.Commander = p.owner(inc.Commander)
	return inc
}

// scorecard is a scorecard as the trainee sees it.
func (p *pseudonyms) scorecard(sc review.Scorecard) review.Scorecard {
	if p == nil {
		return sc
	}
	steps := make([]review.TrainingStep, len(sc.Steps))
	for i, s := range sc.Steps {
		s.Suggested = p.action(s.Suggested)
		if s.Choice != nil {
			c := p.choice(*s.Choice)
			s.Choice = &c
		}
		if s.Real != nil {
			e := p.event(*s.Real)
			s.Real = &e
		}
		s.Diff = p.diff(s.Diff)
		steps[i] = s
	}
	sc.Steps = steps
	sc.Run.Incident = caseID
	return sc
}

func (p *pseudonyms) choice(c model.TrainingChoice) model.TrainingChoice {
	if p == nil {
		return c
	}
	c.Action = p.action(c.Action)
	return c
}

// real turns a choice made on what the trainee saw back into the record's
// terms: the real target, and the real detail where the trainee kept the
// suggested one.
func (p *pseudonyms) real(c model.TrainingChoice, suggested *model.Action) model.TrainingChoice {
	if p == nil || c.Action == nil {
		return c
	}
	a := *c.Action
	if t, ok := p.assets[a.Target]; ok {
		a.Target = t
	} else if suggested != nil && a.Target == p.text(suggested.Target) {
		a.Target = suggested.Target
	}
	if suggested != nil {
		if shown := p.text(suggested.Detail); a.Detail == shown || a.Detail == strings.TrimSpace(shown) {
			a.Detail = suggested.Detail
		}
	}
	c.Action = &a
	return c
}

// err says a store's sentence in pseudonyms, keeping its code.
func (p *pseudonyms) err(err error) error {
	if p == nil || err == nil {
		return err
	}
	return model.Errorf(model.ErrorCode(err), "%s", p.text(model.ErrorMessage(err)))
}

// header names the incident for the screen's header.
func (p *pseudonyms) header(incident string) string {
	if p == nil {
		return incident
	}
	return fmt.Sprintf("%s (names hidden by the trainer)", caseID)
}

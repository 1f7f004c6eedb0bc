package model

// DocRefs answers Refs from the records of one document.
type DocRefs struct {
	People, Agents, Assets, Evidence map[string]bool
	Events                           map[string]EventKind
	// Answered maps each decision that answers a suggestion to it.
	Answered map[string]string
}

func (d *DocRefs) Answers(id string) string { return d.Answered[id] }

// kindOf says whether id, known as one or the other, is a person or an agent.
func (d *DocRefs) kindOf(id string) string {
	if d.People[id] {
		return "person"
	}
	return "agent"
}

func (d *DocRefs) HasPerson(id string) bool   { return d.People[id] }
func (d *DocRefs) HasAgent(id string) bool    { return d.Agents[id] }
func (d *DocRefs) HasAsset(id string) bool    { return d.Assets[id] }
func (d *DocRefs) HasEvidence(id string) bool { return d.Evidence[id] }
func (d *DocRefs) EventKind(id string) (EventKind, bool) {
	k, ok := d.Events[id]
	return k, ok
}

// Validate checks the whole document: format, every record's fields, unique
// ids and every reference. The error names the record and the field.
func (d *Document) Validate() error {
	_, err := d.Check()
	return err
}

// Where locates a record of a document: the list that holds it ("people",
// "agents", "assets", "evidence", "events", "reviews", "status_changes"; "incident" for the
// incident, "" for the document itself) and its index there.
type Where struct {
	List  string
	Index int
}

// Check is Validate that also says which record the problem is about, so
// a reader of a file can name its line.
func (d *Document) Check() (Where, error) {
	if err := CheckFormat(d.Format); err != nil {
		return Where{}, err
	}
	refs, at, err := d.collect()
	if err != nil {
		return at, err
	}
	return d.checkRefs(refs)
}

// collect validates each record and gathers the ids, refusing duplicates.
// Events and evidence share one namespace (a timeline row is either);
// a person and an agent may not share an id, and no two of them may have
// ids that differ only in letter case (FoldID), so "who" is never
// ambiguous. The store refuses more, ids that read alike (db/alike, which
// needs Unicode's data beyond the standard library).
func (d *Document) collect() (*DocRefs, Where, error) {
	r := &DocRefs{People: map[string]bool{}, Agents: map[string]bool{}, Assets: map[string]bool{},
		Evidence: map[string]bool{}, Events: map[string]EventKind{}, Answered: map[string]string{}}
	if err := d.Incident.Validate(); err != nil {
		return nil, Where{List: "incident"}, err
	}
	who := map[string]string{} // the folded ids of the people and agents so far (FoldID)
	for i := range d.People {
		p := &d.People[i]
		if err := p.Validate(); err != nil {
			return nil, Where{"people", i}, err
		}
		if r.People[p.ID] {
			return nil, Where{"people", i}, invalid("person %s appears twice", p.ID)
		}
		if other, ok := who[FoldID(p.ID)]; ok {
			return nil, Where{"people", i}, WhoClash("person", p.ID, "person", other)
		}
		r.People[p.ID] = true
		who[FoldID(p.ID)] = p.ID
	}
	for i := range d.Agents {
		a := &d.Agents[i]
		if err := a.Validate(); err != nil {
			return nil, Where{"agents", i}, err
		}
		if r.Agents[a.ID] || r.People[a.ID] {
			return nil, Where{"agents", i}, invalid("agent %s: the id is already used by another agent or a person", a.ID)
		}
		if other, ok := who[FoldID(a.ID)]; ok {
			return nil, Where{"agents", i}, WhoClash("agent", a.ID, r.kindOf(other), other)
		}
		r.Agents[a.ID] = true
		who[FoldID(a.ID)] = a.ID
	}
	for i := range d.Assets {
		a := &d.Assets[i]
		if err := a.Validate(); err != nil {
			return nil, Where{"assets", i}, err
		}
		if r.Assets[a.ID] {
			return nil, Where{"assets", i}, invalid("asset %s appears twice", a.ID)
		}
		r.Assets[a.ID] = true
	}
	for i := range d.Evidence {
		e := &d.Evidence[i]
		if err := e.Validate(); err != nil {
			return nil, Where{"evidence", i}, err
		}
		if r.Evidence[e.ID] {
			return nil, Where{"evidence", i}, invalid("evidence %s appears twice", e.ID)
		}
		r.Evidence[e.ID] = true
	}
	for i := range d.Events {
		e := &d.Events[i]
		if err := e.Validate(); err != nil {
			return nil, Where{"events", i}, err
		}
		if _, dup := r.Events[e.ID]; dup || r.Evidence[e.ID] {
			return nil, Where{"events", i}, invalid("event %s: the id is already used by another event or evidence record", e.ID)
		}
		r.Events[e.ID] = e.Kind
		if e.Kind == KindDecision && e.Suggestion != "" {
			r.Answered[e.ID] = e.Suggestion
		}
	}
	for i := range d.Reviews {
		if err := d.Reviews[i].Validate(); err != nil {
			return nil, Where{"reviews", i}, err
		}
	}
	changes := map[string]bool{}
	for i := range d.StatusChanges {
		c := &d.StatusChanges[i]
		if err := c.Validate(); err != nil {
			return nil, Where{"status_changes", i}, err
		}
		if changes[c.ID] {
			return nil, Where{"status_changes", i}, invalid("status change %s appears twice", c.ID)
		}
		changes[c.ID] = true
	}
	return r, Where{}, nil
}

func (d *Document) checkRefs(r *DocRefs) (Where, error) {
	if err := d.Incident.CheckRefs(r); err != nil {
		return Where{List: "incident"}, err
	}
	for i := range d.Agents {
		if err := d.Agents[i].CheckRefs(r); err != nil {
			return Where{"agents", i}, err
		}
	}
	if i, err := AgentLoop(d.Agents); err != nil {
		return Where{"agents", i}, err
	}
	for i := range d.Assets {
		if err := d.Assets[i].CheckRefs(r); err != nil {
			return Where{"assets", i}, err
		}
	}
	for i := range d.Evidence {
		if err := d.Evidence[i].CheckRefs(r); err != nil {
			return Where{"evidence", i}, err
		}
	}
	for i := range d.Events {
		if err := d.Events[i].CheckRefs(r); err != nil {
			return Where{"events", i}, err
		}
	}
	for i := range d.Reviews {
		if err := d.Reviews[i].CheckRefs(r); err != nil {
			return Where{"reviews", i}, err
		}
	}
	for i := range d.StatusChanges {
		if err := d.StatusChanges[i].CheckRefs(r); err != nil {
			return Where{"status_changes", i}, err
		}
	}
	return Where{}, nil
}

// AgentLoop refuses parent cycles (a → b → a): it finds the first agent
// whose parent chain loops, and its index.
func AgentLoop(agents []Agent) (int, error) {
	parent := map[string]string{}
	for _, a := range agents {
		parent[a.ID] = a.Parent
	}
	for i, a := range agents {
		seen := map[string]bool{a.ID: true}
		for p := parent[a.ID]; p != ""; p = parent[p] {
			if seen[p] {
				return i, invalid("agent %s: its parent chain loops back through %s", a.ID, p)
			}
			seen[p] = true
		}
	}
	return 0, nil
}

// AgentChain returns the agent and its ancestors, nearest first.
func AgentChain(agents map[string]Agent, id string) []Agent {
	var chain []Agent
	seen := map[string]bool{}
	for id != "" && !seen[id] {
		a, ok := agents[id]
		if !ok {
			break
		}
		seen[id] = true
		chain = append(chain, a)
		id = a.Parent
	}
	return chain
}

// Normalize puts every time in UTC and every list in a non-nil state, so
// that a record has exactly one JSON spelling (export, audit chain).
func (d *Document) Normalize() {
	d.Incident.Normalize()
	for i := range d.Evidence {
		d.Evidence[i].Normalize()
	}
	for i := range d.Events {
		d.Events[i].Normalize()
	}
	for i := range d.Reviews {
		d.Reviews[i].Normalize()
	}
	for i := range d.StatusChanges {
		d.StatusChanges[i].Normalize()
	}
	if d.People == nil {
		d.People = []Person{}
	}
	if d.Agents == nil {
		d.Agents = []Agent{}
	}
	if d.Assets == nil {
		d.Assets = []Asset{}
	}
	if d.Evidence == nil {
		d.Evidence = []Evidence{}
	}
	if d.Events == nil {
		d.Events = []Event{}
	}
}

func (i *Incident) Normalize() {
	i.OpenedAt = utc(i.OpenedAt)
	i.ClosedAt = utcPtr(i.ClosedAt)
}

func (e *Evidence) Normalize() { e.CollectedAt = utc(e.CollectedAt) }

func (r *Review) Normalize() { r.At = utc(r.At) }

func (e *Event) Normalize() {
	e.At = utc(e.At)
	e.ExpiresAt = utcPtr(e.ExpiresAt)
	for i := range e.Approvals {
		e.Approvals[i].At = utc(e.Approvals[i].At)
	}
}

package review

// statusHistory lists the incident's status changes, oldest first, when it
// has any: who moved it (with the key that proves it), when, and why.
func (m *md) statusHistory() {
	r := m.r
	if len(r.StatusHistory) == 0 {
		return
	}
	m.line("## Status history")
	m.blank()
	at := ""
	if r.importedClosedAt != nil && r.imported.Closes() {
		at = " at " + fullTime(*r.importedClosedAt)
	}
	m.line("Imported as %s%s; then:", mdText(string(r.imported)), at)
	m.blank()
	m.line("| When | Status | By | Rationale | Record |")
	m.line("| --- | --- | --- | --- | --- |")
	for i, c := range r.StatusHistory {
		m.line("| %s | %s | %s | %s | %s |", fullTime(c.At), mdCell(string(c.Status)), m.proven(c.By, m.policy().StatusProof(m.r.Incident.ID, r.StatusHistory, i)), mdCell(c.Rationale), mdCell(c.ID))
	}
	m.blank()
}

package review

import (
	"fmt"
	"time"
)

// ChainCheck says which check of the audit chain a report's status comes
// from, so that no reader takes it for more than it was. A whole check
// verified every entry, its row, the derived tables and the file, as
// `signoff verify` does. Otherwise the report checked the incident's own
// entries as it read them, and the rest of the record from the last check
// this machine remembers on: the entries appended after it, and that the
// chain still holds the hashes it kept.
type ChainCheck struct {
	Scope CheckScope
	// Incident is how many of the incident's entries the report's own
	// read checked.
	Incident int64
	// Since is the last entry of the remembered check: the entries after
	// it were checked (ScopeSince).
	Since int64
	// WholeAt is when this machine last checked the whole record (ScopeSince).
	WholeAt time.Time
}

// CheckScope is how much of the record a report's check covered.
type CheckScope string

const (
	// ScopeWhole is a check of the whole record, made by the report.
	ScopeWhole CheckScope = "whole"
	// ScopeSince is the incident's entries and what was appended since
	// the check this machine remembers.
	ScopeSince CheckScope = "incident-and-since"
)

// CheckSummary is ChainCheck as the JSON report carries it.
type CheckSummary struct {
	Scope           CheckScope `json:"scope"`
	IncidentEntries int64      `json:"incident_entries"`
	SinceEntry      *int64     `json:"since_entry,omitempty"`
	WholeCheckedAt  *time.Time `json:"whole_checked_at,omitempty"`
}

func (c ChainCheck) summary() *CheckSummary {
	if c.Scope == "" {
		return nil
	}
	s := &CheckSummary{Scope: c.Scope, IncidentEntries: c.Incident}
	if c.Scope == ScopeSince {
		since, at := c.Since, c.WholeAt.UTC()
		s.SinceEntry, s.WholeCheckedAt = &since, &at
	}
	return s
}

// chainWord is the audit chain's status in the summary line.
func chainWord(ch ChainStatus) string {
	switch {
	case !ch.Verified:
		return "NOT verified"
	case ch.Check.Scope == ScopeSince:
		return "verified for this incident and for what was appended since this machine last checked the record (below)"
	}
	return "verified"
}

// checkLines say what the report's check covered, and what it did not.
func (m *md) checkLines(ch ChainStatus) {
	c := ch.Check
	switch c.Scope {
	case ScopeWhole:
		m.line("- Checked by this report: the whole record, as `signoff verify` checks it (every entry against its hash and its neighbours, each record's row, the derived tables and the database file)")
	case ScopeSince:
		appended := "none"
		if n := ch.Entries - c.Since; n > 0 {
			appended = entries(n)
		}
		m.line("- Checked by this report: the %s of this incident, each against its hash and the entries either side of it, as the report read them; "+
			"the entries appended after entry %d, the last this machine had checked (%s); "+
			"and that the chain still holds the hashes this machine kept of its first entry, of its last whole check and of entry %d",
			entries(c.Incident), c.Since, appended, c.Since)
		m.line("- Not checked by this report: the other entries up to entry %d in place, the derived tables and the database file. "+
			"This machine last checked the whole record on %s; `signoff verify` or `signoff report --verify-all` checks it whole now",
			c.Since, c.WholeAt.UTC().Format("2006-01-02 15:04 UTC"))
	}
}

// entries is "1 entry" or "N entries".
func entries(n int64) string {
	if n == 1 {
		return "1 entry"
	}
	return fmt.Sprintf("%d entries", n)
}

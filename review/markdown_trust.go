package review

// trust writes the section on how far each AI agent was trusted and how
// right it was: the same numbers, by the same code, as `signoff metrics`,
// over this incident's suggestions only.
func (m *md) trust() {
	m.line("### Trust in the AI agents")
	m.blank()
	if len(m.r.Trust) == 0 {
		m.line("No AI suggestions.")
		m.blank()
		return
	}
	m.line("How far each agent's suggestions were taken and, in hindsight, how right they were, counted as " +
		"`signoff metrics` counts them (docs/metrics.md defines each): followed, modified and ignored by the verdict in force " +
		"(the latest review's, else the one the record proposes), automated runs counted as followed; acceptance and override " +
		"are shares of the decided suggestions; hindsight precision and missed value are how often the followed and the " +
		"ignored ones were judged right; Brier is the error of the stated confidence, lower is better; " + Dash +
		" where there is nothing to divide. These are this incident's numbers: `signoff metrics` gives them over all incidents and time.")
	m.blank()
	m.line("| Agent | Suggestions | Pending | Auto-executed | Decided | Followed | Modified | Ignored | Acceptance | Override | Hindsight precision | Missed value | Brier |")
	m.line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	for _, a := range m.r.Trust {
		m.line("| %s | %d | %d | %d | %d | %d | %d | %d | %s | %s | %s | %s | %s |", m.who(a.Agent),
			a.Suggestions, a.Pending, a.AutoExecuted, a.Decided, a.Followed, a.Modified, a.Ignored,
			Percent(a.AcceptanceRate), Percent(a.OverrideRate), Percent(a.HindsightPrecision), Percent(a.MissedValue), Decimal(a.Brier))
	}
	m.blank()
}

// trustMapping is the framework mapping's line for the trust section.
func (m *md) trustMapping(gloss func([]string) string) {
	mp := TrustMapping
	m.line("- Trust in the AI agents (the summary's section): signoff maps these metrics to NIST AI RMF %s; "+
		"OWASP Top 10 for Agentic Applications %s; CSA MAESTRO %s.", gloss(mp.NIST), gloss(mp.OWASP), gloss(mp.MAESTRO))
}

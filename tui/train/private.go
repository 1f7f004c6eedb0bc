package train

import "github.com/signoff/signoff/model"

// What the router shows over a run that hides the case (--anonymize): the
// audit chain's banner and a full-screen error name records and people
// ("entry 57 (decisions INC-2041/D1 by alice)"), which would tell the
// trainee the case and who decided. Said through the run's pseudonyms,
// they keep what they must say (that the record was changed, which entry,
// what to do) in the terms the rest of the screen uses. Before the run
// has its pseudonyms (its people are read as it starts), nothing of the
// sentence can be shown safely, so a fixed one stands in for it.

// hiddenChain stands in for the audit chain's sentence before a run that
// hides the case has its pseudonyms.
const hiddenChain = "the record was changed outside signoff; which entry is not shown here, since it may name the case or the people this training run hides. signoff verify names it"

// hiddenError stands in for an error's sentence before a run that hides
// the case has its pseudonyms.
const hiddenError = "the store could not give this training run what it asked for; its sentence is not shown here, since it may name the case or the people the run hides. Run the same command without --anonymize, or signoff verify, to read it"

// Hides reports whether the run hides the case: asked with --anonymize,
// or a resumed run not read yet (it takes its own options, which may).
func (m Model) Hides() bool {
	return m.opts.Anonymize || m.opts.Resume != 0 && m.run.ID == 0
}

// PrivateProblem is the audit chain's sentence as this run may show it.
func (m Model) PrivateProblem(problem string) string {
	switch {
	case problem == "" || !m.Hides():
		return problem
	case m.cmds.anon != nil:
		return m.cmds.anon.text(problem)
	}
	return hiddenChain
}

// PrivateErr is an error as this run may show it, keeping its code.
func (m Model) PrivateErr(err error) error {
	switch {
	case err == nil || !m.Hides():
		return err
	case m.cmds.anon != nil:
		return m.cmds.anon.err(err)
	}
	return model.Errorf(model.ErrorCode(err), "%s", hiddenError)
}

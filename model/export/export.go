// Package export holds what the exports for other tools share: the
// judgement signoff adds to each record (the policy's class and tier, the
// findings about it), which the caller works out, so the mappings below
// stay pure functions of model values.
//
// The mappings live in one package each: timesketch (the JSONL a DFIR
// timeline imports) and ocsf (OCSF 1.8.0 events for security data
// pipelines).
package export

import "github.com/signoff/signoff/model"

// Finding is one finding whose subject is the record.
type Finding struct {
	Code    string `json:"code"`
	Level   string `json:"level"`
	Message string `json:"message"`
}

// Context is what signoff says about one record beyond the record itself.
type Context struct {
	// Class and Tier classify the record's action under the policy: the
	// suggested action of a suggestion, the chosen one of a decision, the
	// one carried out by an execution. Empty for records with no action.
	Class model.ActionClass
	Tier  model.Tier
	// Findings are the findings whose subject is this record.
	Findings []Finding
	// Verdict is the review verdict in force on the step this record
	// starts (a suggestion, or a decision made without one), if any.
	Verdict model.Verdict
	// Pending says a suggestion has neither a decision nor an execution.
	Pending bool
	// Previous is, for a status change, the status it moved the incident
	// from: the one in force before it (Life.Change).
	Previous model.Status
	// Signature is, for a status change that carries a signature, what
	// checking it found (review's Proof.Check: verified only when it
	// verifies and the policy's roster lists its key for the person).
	// Empty: nobody checked it, and the line says so.
	Signature model.SignatureCheck
}

// SignatureWords is how a status change's line names its signature: the
// check (SignatureNotChecked for a signature the caller did not check, ""
// for none) and the words the message ends with, " (signed)" only for a
// verified one, the words the Markdown report uses.
func SignatureWords(sig *model.Signature, check model.SignatureCheck) (model.SignatureCheck, string) {
	if sig == nil {
		return "", ""
	}
	switch check {
	case model.SignatureVerified:
		return check, " (signed)"
	case model.SignatureKeyNotChecked:
		return check, " (signature holds; no roster names whose key)"
	case model.SignatureDoesNotVerify:
		return check, " (⚠ signature does not verify)"
	}
	return model.SignatureNotChecked, " (signature not checked)"
}

// Describe writes an action as the timeline does: type → target.
func Describe(a *model.Action) string {
	if a == nil {
		return ""
	}
	if a.Target == "" {
		return a.Type
	}
	return a.Type + " → " + a.Target
}

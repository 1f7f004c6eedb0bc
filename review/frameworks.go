package review

// Mapping is signoff's own mapping of a finding code to public framework
// identifiers (the report's framework section lists them): a judgement of
// this project, never a statement by NIST, OWASP or CSA.
type Mapping struct {
	NIST    []string // NIST AI RMF 1.0 subcategories
	OWASP   []string // OWASP Top 10 for Agentic Applications (2026)
	MAESTRO []string // CSA MAESTRO layers
}

// Mappings holds the mapping of every finding code.
var Mappings = map[string]Mapping{
	CodeNoOwner:                {[]string{"GOVERN 2.1", "GOVERN 3.2"}, []string{"ASI03", "ASI10"}, []string{"L3", "L6"}},
	CodeMissingApproval:        {[]string{"GOVERN 3.2", "MAP 3.5"}, []string{"ASI02", "ASI09"}, []string{"L6"}},
	CodeInsufficientAuthority:  {[]string{"GOVERN 2.1", "GOVERN 3.2"}, []string{"ASI03"}, []string{"L6"}},
	CodeAIApprover:             {[]string{"GOVERN 3.2", "MAP 3.5"}, []string{"ASI03", "ASI09"}, []string{"L3", "L6"}},
	CodeApprovalAfterExecution: {[]string{"MAP 3.5", "MEASURE 2.8"}, []string{"ASI02"}, []string{"L5", "L6"}},
	CodeEvidenceAfterAction:    {[]string{"GOVERN 4.3", "MANAGE 4.3"}, []string{"ASI08"}, []string{"L5"}},
	CodeAutoPrivileged:         {[]string{"GOVERN 3.2", "MANAGE 4.1"}, []string{"ASI02", "ASI03"}, []string{"L4", "L6"}},
	CodeNoRationale:            {[]string{"MEASURE 2.8"}, []string{"ASI09"}, []string{"L5"}},
	CodeUndocumentedAI:         {[]string{"GOVERN 1.6", "MEASURE 2.8"}, []string{"ASI04"}, []string{"L1", "L5"}},
	CodeSelfReview:             {[]string{"MEASURE 1.3"}, []string{"ASI09"}, []string{"L5"}},
	// A verdict against the record skews the trust metrics built on the
	// verdicts, and hides where people over- or under-trusted the AI.
	CodeVerdictContradictsRecord: {[]string{"MEASURE 2.5", "MEASURE 2.8"}, []string{"ASI09"}, []string{"L5"}},
	// An unsigned or unprovable decision leaves who owned it resting on a
	// typed name: accountability (GOVERN 2.1, MEASURE 2.8) and identity
	// abuse (ASI03) in the security layer (L6); a signature that does not
	// hold may also be a record altered after the fact (MANAGE 4.3, L5).
	CodeUnsignedDecision:  {[]string{"GOVERN 2.1", "MEASURE 2.8"}, []string{"ASI03"}, []string{"L6"}},
	CodeSignatureMismatch: {[]string{"GOVERN 2.1", "MANAGE 4.3"}, []string{"ASI03", "ASI09"}, []string{"L5", "L6"}},
	// Closing over pending AI advice leaves it with no human answer;
	// acting after the close, or a status set by someone without the
	// standing, blurs who was accountable when.
	CodeClosedWithPending: {[]string{"GOVERN 2.1", "MANAGE 4.3"}, []string{"ASI09"}, []string{"L6"}},
	CodeActionAfterClose:  {[]string{"MANAGE 4.3", "MEASURE 2.8"}, []string{"ASI02"}, []string{"L5", "L6"}},
	CodeStatusAuthority:   {[]string{"GOVERN 2.1", "GOVERN 3.2"}, []string{"ASI03"}, []string{"L6"}},
}

// TrustMapping maps the report's trust section (FRAMEWORKS.md, "trust
// metrics (report section)"): whether the agents proved valid and reliable
// where deployed (MEASURE 2.5), how often people overrode them (MANAGE 4.1),
// and whether people trusted them more than they earned (ASI09), measured
// by evaluation (L5).
var TrustMapping = Mapping{[]string{"MEASURE 2.5", "MANAGE 4.1"}, []string{"ASI09"}, []string{"L5"}}

// frameworkNames glosses each identifier for the report (FRAMEWORKS.md).
var frameworkNames = map[string]string{
	"GOVERN 1.6":  "AI systems are inventoried",
	"GOVERN 2.1":  "roles and responsibilities for AI risk are documented and clear",
	"GOVERN 2.3":  "executive leadership takes responsibility for AI risk decisions",
	"GOVERN 3.2":  "roles for human-AI configurations and oversight are defined",
	"GOVERN 4.3":  "practices enable AI testing, incident identification and information sharing",
	"MAP 3.5":     "processes for human oversight are defined, assessed and documented",
	"MEASURE 1.3": "people who did not build or run the system take part in assessing it",
	"MEASURE 2.5": "the system is shown to be valid and reliable where deployed",
	"MEASURE 2.8": "transparency and accountability risks are examined and documented",
	"MANAGE 4.1":  "post-deployment monitoring, including override, incident response and recovery",
	"MANAGE 4.3":  "incidents and errors are tracked, responded to, recovered from and documented",
	"ASI01":       "Agent Goal Hijack",
	"ASI02":       "Tool Misuse and Exploitation",
	"ASI03":       "Identity and Privilege Abuse",
	"ASI04":       "Agentic Supply Chain Vulnerabilities",
	"ASI05":       "Unexpected Code Execution",
	"ASI06":       "Memory and Context Poisoning",
	"ASI07":       "Insecure Inter-Agent Communication",
	"ASI08":       "Cascading Failures",
	"ASI09":       "Human-Agent Trust Exploitation",
	"ASI10":       "Rogue Agents",
	"L1":          "Foundation Models",
	"L2":          "Data Operations",
	"L3":          "Agent Frameworks",
	"L4":          "Deployment and Infrastructure",
	"L5":          "Evaluation and Observability",
	"L6":          "Security and Compliance",
	"L7":          "Agent Ecosystem",
}

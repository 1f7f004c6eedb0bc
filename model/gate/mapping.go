package gate

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/signoff/signoff/model"
)

// MappingFile is the mapping file's shape (TOML): rules tried in order, the
// first that matches a call says which signoff action it is.
//
//	[[rule]]
//	tool = "Bash"                                   # tool name; * matches any run of characters
//	when = { command = '^\s*iptables\b.*-j\s+DROP' } # every argument named must match
//	action = "block_ip"
//	detail = "command"                              # the argument that is the action's detail
//	target = "command"                              # the argument that names the target asset
//	target_pattern = '-s\s+(\S+)'                   # its first group is the asset id
//	asset_kind = "ip"                               # read, no longer used: the gate adds no assets
type MappingFile struct {
	Rules []RuleFile `toml:"rule"`
}

// RuleFile is one [[rule]] as written.
type RuleFile struct {
	Tool          string            `toml:"tool"`
	Server        string            `toml:"server"`
	When          map[string]string `toml:"when"`
	Action        string            `toml:"action"`
	Detail        string            `toml:"detail"`
	Target        string            `toml:"target"`
	TargetPattern string            `toml:"target_pattern"`
	AssetKind     string            `toml:"asset_kind"`
	Rationale     string            `toml:"rationale"`
}

// Mapping turns tool calls into signoff actions. The zero Mapping maps
// nothing: every call is an unmapped tool.
type Mapping struct {
	rules []rule
}

type rule struct {
	tool, server  *regexp.Regexp
	when          []condition
	action        string
	detail        string
	target        string
	targetPattern *regexp.Regexp
	assetKind     model.AssetKind
	rationale     string
}

type condition struct {
	arg string
	re  *regexp.Regexp
}

// RuleError is a mistake in one rule; Rule counts from 1.
type RuleError struct {
	Rule    int
	Problem string
}

func (e *RuleError) Error() string { return fmt.Sprintf("rule %d: %s", e.Rule, e.Problem) }

// Compile checks every rule: a tool pattern and an action type are
// required, patterns must be valid regular expressions, a target pattern
// needs a target and one group, and an asset kind must be one of the
// import format's.
func Compile(f MappingFile) (*Mapping, error) {
	m := &Mapping{}
	for i, rf := range f.Rules {
		r, problem := compileRule(rf)
		if problem != "" {
			return nil, &RuleError{Rule: i + 1, Problem: problem}
		}
		m.rules = append(m.rules, r)
	}
	return m, nil
}

func compileRule(rf RuleFile) (rule, string) {
	r := rule{action: strings.TrimSpace(rf.Action), detail: rf.Detail, target: rf.Target,
		assetKind: model.AssetKind(rf.AssetKind), rationale: rf.Rationale}
	switch {
	case strings.TrimSpace(rf.Tool) == "":
		return r, `"tool" is required: the tool name it matches (* matches any run of characters)`
	case r.action == "":
		return r, `"action" is required: the signoff action type the call is`
	case strings.HasPrefix(r.action, unmappedPrefix):
		return r, fmt.Sprintf("action %q: types starting %q are kept for unmapped tools", r.action, unmappedPrefix)
	case rf.TargetPattern != "" && rf.Target == "":
		return r, `"target_pattern" needs "target", the argument it is applied to`
	case rf.AssetKind != "" && !r.assetKind.Valid():
		return r, fmt.Sprintf("asset_kind %q is not an asset kind; expected service_account, user, host, token, key, ip, domain, file, service or other", rf.AssetKind)
	}
	if r.assetKind == "" {
		r.assetKind = "other"
	}
	r.tool = glob(rf.Tool)
	if rf.Server != "" {
		r.server = glob(rf.Server)
	}
	args := make([]string, 0, len(rf.When))
	for a := range rf.When {
		args = append(args, a)
	}
	sort.Strings(args)
	for _, a := range args {
		re, err := regexp.Compile(rf.When[a])
		if err != nil {
			return r, fmt.Sprintf("when.%s is not a valid regular expression: %v", a, err)
		}
		r.when = append(r.when, condition{arg: a, re: re})
	}
	if rf.TargetPattern != "" {
		re, err := regexp.Compile(rf.TargetPattern)
		if err != nil {
			return r, fmt.Sprintf("target_pattern is not a valid regular expression: %v", err)
		}
		if re.NumSubexp() < 1 {
			return r, "target_pattern needs a group, ( … ), around the asset id"
		}
		r.targetPattern = re
	}
	return r, ""
}

// glob turns a pattern where * matches any run of characters into an
// anchored regular expression.
func glob(p string) *regexp.Regexp {
	parts := strings.Split(p, "*")
	for i := range parts {
		parts[i] = regexp.QuoteMeta(parts[i])
	}
	return regexp.MustCompile("^" + strings.Join(parts, ".*") + "$")
}

// unmappedPrefix starts the action type of a tool no rule maps.
const unmappedPrefix = "tool:"

// Mapped is a call as a signoff action.
type Mapped struct {
	Action model.Action
	// Rule is the number of the rule that matched, 0 for an unmapped tool.
	Rule int
	// AssetKind is the kind of the target, should it be new to the incident;
	// TargetValue is the argument's text the target id was made from.
	AssetKind   model.AssetKind
	TargetValue string
	// DetailArg is the argument the action's detail is; empty when the
	// detail is the whole input as JSON (unmapped tools, or a detail
	// argument the call lacks). A changed detail replaces it.
	DetailArg string
	// Rationale is the agent's own reason, when the rule names an argument for it.
	Rationale string
}

// Mapped reports whether a rule matched.
func (m Mapped) Mapped() bool { return m.Rule > 0 }

// Map finds the first rule that matches c; with none, c is the high-tier
// containment action tool:NAME, its detail the whole input.
func (m *Mapping) Map(c Call) Mapped {
	if m != nil {
		for i := range m.rules {
			if out, ok := m.rules[i].apply(c); ok {
				out.Rule = i + 1
				return out
			}
		}
	}
	return Mapped{Action: model.Action{Type: unmappedPrefix + c.Tool, Detail: inputJSON(c.Input)}}
}

func (r *rule) apply(c Call) (Mapped, bool) {
	if !r.tool.MatchString(c.Tool) || (r.server != nil && !r.server.MatchString(c.Server)) {
		return Mapped{}, false
	}
	for _, w := range r.when {
		v, ok := argText(c.Input, w.arg)
		if !ok || !w.re.MatchString(v) {
			return Mapped{}, false
		}
	}
	out := Mapped{Action: model.Action{Type: r.action}, AssetKind: r.assetKind}
	if s, ok := argString(c.Input, r.detail); ok && r.detail != "" {
		out.Action.Detail, out.DetailArg = s, r.detail
	} else {
		out.Action.Detail = inputJSON(c.Input)
	}
	if v, ok := argText(c.Input, r.target); ok && r.target != "" {
		if r.targetPattern != nil {
			v = firstGroup(r.targetPattern, v)
		}
		if id := AssetID(v); id != "" {
			out.Action.Target, out.TargetValue = id, v
		}
	}
	if s, ok := argText(c.Input, r.rationale); ok && r.rationale != "" {
		out.Rationale = s
	}
	return out, true
}

func firstGroup(re *regexp.Regexp, s string) string {
	if m := re.FindStringSubmatch(s); len(m) > 1 {
		return m[1]
	}
	return ""
}

// AssetID makes an argument's text an asset id: characters an id may not
// hold ("/", white space, control and format characters) and "%" are
// written as %XX, so the id still reads as the value. Empty text, or an id
// longer than ids may be, gives "".
func AssetID(v string) string {
	v = strings.TrimSpace(v)
	var b strings.Builder
	for _, r := range v {
		if r == '%' || r == '/' || !model.ValidID(string(r)) {
			for _, c := range []byte(string(r)) {
				fmt.Fprintf(&b, "%%%02X", c)
			}
			continue
		}
		b.WriteRune(r)
	}
	id := b.String()
	if !model.ValidID(id) {
		return ""
	}
	return id
}

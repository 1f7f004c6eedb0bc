package gate

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"

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
	From          string            `toml:"from"`
	Args          []string          `toml:"args"`
	Shell         []string          `toml:"shell"`
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
	// from is the framework whose tool the rule maps, "" for any.
	from Format
	// named holds every argument the rule names (when, detail, target,
	// rationale, args); shell the arguments that are shell command lines.
	named map[string]bool
	shell []string
	// oneServer says server names one server (no *).
	oneServer bool
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
	case rf.From != "" && !Format(rf.From).Valid():
		return r, fmt.Sprintf("from %q is not a gate format; expected claude-code, langchain-hitl or openai-mcp", rf.From)
	case rf.AssetKind != "" && !r.assetKind.Valid():
		return r, fmt.Sprintf("asset_kind %q is not an asset kind; expected service_account, user, host, token, key, ip, domain, file, service or other", rf.AssetKind)
	}
	if r.assetKind == "" {
		r.assetKind = "other"
	}
	r.from = Format(rf.From)
	r.shell = rf.Shell
	r.named = map[string]bool{}
	for _, a := range append(append([]string{rf.Detail, rf.Target, rf.Rationale}, rf.Args...), rf.Shell...) {
		if a != "" {
			r.named[a] = true
		}
	}
	for a := range rf.When {
		r.named[a] = true
	}
	r.tool = glob(rf.Tool)
	if rf.Server != "" {
		r.server = glob(rf.Server)
		r.oneServer = !strings.Contains(rf.Server, "*")
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
	// Bound says the rule names the framework whose tool it maps (from)
	// and, for an OpenAI MCP approval, one server (server, with no *).
	Bound bool
	// Unnamed lists the call's arguments the rule does not name, sorted.
	Unnamed []string
}

// Mapped reports whether a rule matched.
func (m Mapped) Mapped() bool { return m.Rule > 0 }

// PreAuthorisable reports whether a low-tier action may be allowed at
// once: a rule matched, it is bound to the framework whose tool it is
// (and to the server, for an MCP approval), and the call carries no
// argument the rule does not name. What a tool of the same name does in
// another framework or on another server, or what an argument the rule
// never looked at makes it do, is not something the rule vouches for.
func (m Mapped) PreAuthorisable() bool {
	return m.Mapped() && m.Bound && len(m.Unnamed) == 0
}

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
	if !r.tool.MatchString(c.Tool) || (r.server != nil && !r.server.MatchString(c.Server)) ||
		(r.from != "" && r.from != c.Format) {
		return Mapped{}, false
	}
	for _, w := range r.when {
		v, ok := argText(c.Input, w.arg)
		if !ok || lineBreaking(v) || !w.re.MatchString(v) {
			return Mapped{}, false
		}
	}
	for _, a := range r.shellArgs(c) {
		if v, ok := argText(c.Input, a); ok && !plainCommand(v) {
			return Mapped{}, false
		}
	}
	out := Mapped{Action: model.Action{Type: r.action}, AssetKind: r.assetKind,
		Bound:   r.from != "" && (r.from != OpenAIMCP || r.oneServer),
		Unnamed: unnamed(c.Input, r.named, "")}
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

// shellTool is the tool whose command argument is a shell command line
// whatever the rule says: Claude Code's Bash.
const shellTool, shellArg = "Bash", "command"

// shellArgs are the arguments of c that are shell command lines: the
// rule's shell arguments and, for a tool named Bash, its command.
func (r *rule) shellArgs(c Call) []string {
	if c.Tool == shellTool {
		return append([]string{shellArg}, r.shell...)
	}
	return r.shell
}

// lineBreaking reports whether v holds a control character other than a
// tab (a new line, a carriage return, an escape …) or a Unicode line or
// paragraph separator. A rule's pattern says what one value looks like; a
// value of several lines is several commands to a shell and several
// values to most readers, so no rule matches it, whatever its pattern
// says (Go's \s matches a new line).
func lineBreaking(v string) bool {
	for _, r := range v {
		if (unicode.IsControl(r) && r != '\t') || r == '\u2028' || r == '\u2029' {
			return true
		}
	}
	return false
}

// plainCommand reports whether a shell command line holds only words a
// shell runs as written: ASCII letters and digits, spaces, tabs and
// -._/:=,+@. Anything else (; & | < > $ ` ( ) { } [ ] * ? ~ ! # \ quotes,
// control characters, other scripts) can make a shell run more than the
// one command, or something else than it reads as, so no rule maps such a
// command line: it is an unmapped tool, whatever the rule's pattern says.
func plainCommand(v string) bool {
	for _, r := range v {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case strings.ContainsRune(" \t-._/:=,+@", r):
		default:
			return false
		}
	}
	return true
}

// unnamed lists the arguments of input (under prefix) that no path in
// named names: an object some named path goes into is looked into, any
// other argument is unnamed as a whole.
func unnamed(input map[string]any, named map[string]bool, prefix string) []string {
	var out []string
	for k, v := range input {
		p := prefix + k
		if named[p] {
			continue
		}
		if obj, ok := v.(map[string]any); ok && namesInside(named, p) {
			out = append(out, unnamed(obj, named, p+".")...)
			continue
		}
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func namesInside(named map[string]bool, p string) bool {
	for n := range named {
		if strings.HasPrefix(n, p+".") {
			return true
		}
	}
	return false
}

package review

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	toml "github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/signoff/signoff/model"
)

// policyFile is the TOML shape: [actions] maps each type to its rule;
// require_signature lists the tiers whose decisions must be signed; signers
// names the allowed-signers roster that judges signatures; [status]
// says who may change an incident's status (policy_status.go).
type policyFile struct {
	RequireSignature []string              `toml:"require_signature"`
	Signers          *string               `toml:"signers"`
	Actions          map[string]policyRule `toml:"actions"`
	Status           *statusSection        `toml:"status"`
}

type policyRule struct {
	Class string `toml:"class"`
	Tier  string `toml:"tier"`
}

// LoadPolicy reads a policy in TOML. Unknown keys, tiers or classes, a
// missing class or tier and an action type listed twice are refused with
// an EINVALID sentence naming the file and the line.
func LoadPolicy(r io.Reader, name string) (*Policy, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "policy file %s cannot be read: %v", name, err)
	}
	if line, b, ok := firstBadByte(data); !ok {
		return nil, policyErr(name, line, "byte 0x%02X is not valid UTF-8; a policy file is UTF-8 text", b)
	}
	lines, bad := typeLines(data)
	if bad != nil {
		return nil, policyErr(name, bad.line, "%s", bad.problem)
	}
	var f policyFile
	if err := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields().Decode(&f); err != nil {
		return nil, decodeErr(name, err)
	}
	if len(f.Actions) == 0 {
		return nil, model.Errorf(model.EINVALID, "policy file %s lists no action types: expected an [actions] table", name)
	}
	types := make([]string, 0, len(f.Actions))
	for t := range f.Actions {
		types = append(types, t)
	}
	// Report the first bad entry in file order, so the sentence is stable.
	sort.Slice(types, func(i, j int) bool {
		if lines[types[i]] != lines[types[j]] {
			return lines[types[i]] < lines[types[j]]
		}
		return types[i] < types[j]
	})
	p := &Policy{name: name, rules: make(map[string]Rule, len(types))}
	for _, t := range types {
		fr := f.Actions[t]
		line := lines[t]
		switch {
		case strings.TrimSpace(t) == "":
			return nil, policyErr(name, line, "an action type is empty")
		case fr.Class == "":
			return nil, policyErr(name, line, "action type %s needs a class (read, communication or containment)", model.Quote(t))
		case !model.ActionClass(fr.Class).Valid():
			return nil, policyErr(name, line, "action type %s has unknown class %s; expected read, communication or containment", model.Quote(t), model.Quote(fr.Class))
		case fr.Tier == "":
			return nil, policyErr(name, line, "action type %s needs a tier (low, medium, high or critical)", model.Quote(t))
		case !model.Tier(fr.Tier).Valid():
			return nil, policyErr(name, line, "action type %s has unknown tier %s; expected low, medium, high or critical", model.Quote(t), model.Quote(fr.Tier))
		}
		p.rules[t] = Rule{Class: model.ActionClass(fr.Class), Tier: model.Tier(fr.Tier)}
	}
	for _, t := range f.RequireSignature {
		if !model.Tier(t).Valid() {
			return nil, policyErr(name, topKeyLine(data, "require_signature"), "require_signature names %s, which is not a tier; expected low, medium, high or critical", model.Quote(t))
		}
		p.signed = append(p.signed, model.Tier(t))
	}
	if f.Signers != nil {
		if strings.TrimSpace(*f.Signers) == "" {
			return nil, policyErr(name, topKeyLine(data, "signers"), "signers is empty; name the allowed-signers file, or leave the key out")
		}
		p.signers = *f.Signers
	}
	if p.status, err = statusRule(name, data, f.Status); err != nil {
		return nil, err
	}
	return p, nil
}

// firstBadByte finds the first byte of data that is not UTF-8 and its line.
func firstBadByte(data []byte) (int, byte, bool) {
	if utf8.Valid(data) {
		return 0, 0, true
	}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return bytes.Count(data[:i], []byte{'\n'}) + 1, data[i], false
		}
		i += size
	}
	return 0, 0, true
}

// topKeyLine is the line of a key outside any table, or 1.
func topKeyLine(data []byte, key string) int {
	var p unstable.Parser
	p.Reset(data)
	for p.NextExpression() {
		e := p.Expression()
		if e.Kind == unstable.Table || e.Kind == unstable.ArrayTable {
			return 1
		}
		if e.Kind == unstable.KeyValue && strings.Join(keyParts(e.Key()), ".") == key {
			return lineOf(data, e)
		}
	}
	return 1
}

func policyErr(name string, line int, format string, args ...any) error {
	return model.Errorf(model.EINVALID, "policy file %s, line %d: %s", name, line, fmt.Sprintf(format, args...))
}

// decodeErr turns go-toml's errors into one sentence with the line.
func decodeErr(name string, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) && len(strict.Errors) > 0 {
		e := strict.Errors[0]
		line, _ := e.Position()
		key := ""
		if k := e.Key(); len(k) > 0 {
			key = k[len(k)-1]
		}
		return policyErr(name, line, "unknown key %s; a policy has require_signature, signers, an [actions] table whose entries have a class and a tier, and may have a [status] table (commander, authority)", model.Quote(key))
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, _ := de.Position()
		return policyErr(name, line, "%s", strings.TrimPrefix(de.Error(), "toml: "))
	}
	return model.Errorf(model.EINVALID, "policy file %s is not valid TOML: %v", name, err)
}

type badEntry struct {
	line    int
	problem string
}

// typeLines finds the line where each action type is defined, and the first
// type defined twice or given something other than a table, whatever TOML spelling was used ([actions] entries,
// dotted keys or [actions.TYPE] tables). Syntax errors are left to the
// decoder, which reports them with their position.
func typeLines(data []byte) (map[string]int, *badEntry) {
	lines := map[string]int{}
	var p unstable.Parser
	p.Reset(data)
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		var path []string
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = keyParts(e.Key())
			path = table
		case unstable.KeyValue:
			path = append(append([]string{}, table...), keyParts(e.Key())...)
		default:
			continue
		}
		if len(path) < 2 || path[0] != "actions" {
			continue
		}
		line := lineOf(data, e)
		t := path[1]
		first, seen := lines[t]
		// A type may be spread over several keys (actions.x.class and
		// actions.x.tier); it is a duplicate only when it is whole twice.
		if seen && len(path) == 2 {
			return lines, &badEntry{line, fmt.Sprintf("action type %s is listed twice (first on line %d)", model.Quote(t), first)}
		}
		if e.Kind == unstable.KeyValue && len(path) == 2 && e.Value().Kind != unstable.InlineTable {
			return lines, &badEntry{line, fmt.Sprintf("action type %s must be a table such as { class = \"read\", tier = \"low\" }", model.Quote(t))}
		}
		if !seen {
			lines[t] = line
		}
	}
	return lines, nil
}

func keyParts(it unstable.Iterator) []string {
	var parts []string
	for it.Next() {
		parts = append(parts, string(it.Node().Data))
	}
	return parts
}

// lineOf is the 1-based line where a node starts; table nodes carry no
// range of their own, so their first key part is used.
func lineOf(data []byte, n *unstable.Node) int {
	off := int(n.Raw.Offset)
	if n.Kind != unstable.KeyValue {
		if k := n.Child(); k != nil {
			off = int(k.Raw.Offset)
		}
	}
	if off > len(data) {
		off = len(data)
	}
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

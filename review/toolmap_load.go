package review

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	toml "github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
)

// LoadToolMap reads the gate's mapping file (TOML, gate.MappingFile): the
// rules that turn an agent's tool calls into signoff actions, which the
// policy then classifies. Unknown keys and bad rules are refused with an
// EINVALID sentence naming the file and the line.
func LoadToolMap(r io.Reader, name string) (*gate.Mapping, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "mapping file %s cannot be read: %v", name, err)
	}
	var f gate.MappingFile
	if err := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields().Decode(&f); err != nil {
		return nil, mapDecodeErr(name, err)
	}
	m, err := gate.Compile(f)
	var re *gate.RuleError
	if errors.As(err, &re) {
		return nil, model.Errorf(model.EINVALID, "mapping file %s, line %d: rule %d: %s", name, ruleLine(data, re.Rule), re.Rule, re.Problem)
	}
	return m, err
}

func mapDecodeErr(name string, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) && len(strict.Errors) > 0 {
		e := strict.Errors[0]
		line, _ := e.Position()
		return model.Errorf(model.EINVALID, "mapping file %s, line %d: unknown key %q; a rule has tool, from, server, when, args, shell, action, detail, target, target_pattern, asset_kind and rationale",
			name, line, strings.Join(e.Key(), "."))
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, _ := de.Position()
		return model.Errorf(model.EINVALID, "mapping file %s, line %d: %s", name, line, strings.TrimPrefix(de.Error(), "toml: "))
	}
	return model.Errorf(model.EINVALID, "mapping file %s is not valid TOML: %v", name, err)
}

// ruleLine is the line of the n-th [[rule]] header (1-based), or 1.
func ruleLine(data []byte, n int) int {
	var p unstable.Parser
	p.Reset(data)
	seen := 0
	for p.NextExpression() {
		e := p.Expression()
		if e.Kind != unstable.ArrayTable || fmt.Sprint(keyParts(e.Key())) != "[rule]" {
			continue
		}
		if seen++; seen == n {
			return lineOf(data, e)
		}
	}
	return 1
}

package review

import (
	"encoding/json"
	"io"

	"github.com/signoff/signoff/model"
)

// ReportJSON writes the report's JSON as a walk over the incident hands
// over its steps, each step as soon as it is built: the same bytes as
// encoding the whole Report with json.Encoder indented by two spaces, and
// only the findings held until the end.
type ReportJSON struct {
	w     io.Writer
	b     *ReportBuilder
	enc   stepJSON
	steps int
	err   error
}

// NewReportJSON writes the report's head (incident and status history) and
// opens its steps.
func NewReportJSON(w io.Writer, start model.WalkStart, p *Policy) *ReportJSON {
	j := &ReportJSON{w: w, b: NewReportBuilder(start, p), enc: stepJSON{prefix: "    "}}
	j.b.noDiff = true  // the JSON has no diff
	j.b.forJSON = true // nor the Markdown's words for the findings
	j.write("{\n  \"incident\": ")
	j.value(j.b.r.Incident, "  ")
	j.write(",\n  \"status_history\": ")
	j.value(j.b.r.StatusHistory, "  ")
	j.write(",\n  \"steps\": [")
	return j
}

// Step writes one step of the report.
func (j *ReportJSON) Step(s *model.Step) error {
	rs := j.b.Step(s)
	if j.steps == 0 {
		j.write("\n    ")
	} else {
		j.write(",\n    ")
	}
	j.steps++
	j.encoded(j.enc.step(&rs))
	return j.err
}

// Close writes what follows the steps: every finding, the coverage, each
// agent's trust metrics and the chain's status.
func (j *ReportJSON) Close(chain ChainStatus) error {
	if j.steps > 0 {
		j.write("\n  ")
	}
	r := j.b.Report(chain)
	j.write("],\n  \"findings\": ")
	j.enc.prefix = "  "
	j.encoded(j.enc.findingList(r.Findings))
	j.write(",\n  \"coverage\": ")
	j.value(r.Coverage, "  ")
	j.write(",\n  \"trust\": ")
	j.value(r.Trust, "  ")
	j.write(",\n  \"chain\": ")
	j.value(r.Chain, "  ")
	j.write("\n}\n")
	return j.err
}

func (j *ReportJSON) write(s string) {
	if j.err == nil {
		_, j.err = io.WriteString(j.w, s)
	}
}

// encoded writes what the step encoder made, unless it failed.
func (j *ReportJSON) encoded(b []byte) {
	if j.err == nil && j.enc.err != nil {
		j.err = j.enc.err
	}
	if j.err == nil {
		_, j.err = j.w.Write(b)
	}
}

// value writes v as it stands nested at that indentation.
func (j *ReportJSON) value(v any, prefix string) {
	if j.err != nil {
		return
	}
	b, err := json.MarshalIndent(v, prefix, "  ")
	if err != nil {
		j.err = err
		return
	}
	_, j.err = j.w.Write(b)
}

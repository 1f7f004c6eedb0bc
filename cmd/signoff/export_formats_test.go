package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// The incident with the most to show: decisions, executions, verdicts, a
// closing, and findings of several kinds (evidence-after-action among them).
const exportIncident = "INC-2044"

func exportLines(t *testing.T, path, incident, format string) []map[string]any {
	t.Helper()
	r := signoff(t, path, "", "export", incident, "--format", format)
	if r.code != 0 {
		t.Fatalf("export --format %s: exit %d: %s", format, r.code, r.stderr)
	}
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(r.stdout))
	sc.Buffer(nil, 1<<24)
	for n := 1; sc.Scan(); n++ {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %d is not one JSON object: %v: %s", n, err, sc.Text())
		}
		lines = append(lines, m)
	}
	return lines
}

func tags(l map[string]any) []string {
	var out []string
	for _, v := range l["tag"].([]any) {
		out = append(out, v.(string))
	}
	return out
}

func TestExportForTimesketchHasItsFieldsAndSignoffsTags(t *testing.T) {
	path := demoDB(t)
	lines := exportLines(t, path, exportIncident, "timesketch")
	descs := map[string]int{}
	byID := map[string]map[string]any{}
	for i, l := range lines {
		msg, _ := l["message"].(string)
		desc, _ := l["timestamp_desc"].(string)
		dt, _ := l["datetime"].(string)
		if _, err := time.Parse(time.RFC3339Nano, dt); err != nil || msg == "" || desc == "" {
			t.Fatalf("line %d lacks Timesketch's fields: %v", i+1, l)
		}
		if !slices.Contains(tags(l), "signoff") {
			t.Errorf("line %d is not tagged signoff: %v", i+1, l["tag"])
		}
		descs[desc]++
		if id, ok := l["record_id"].(string); ok {
			byID[id] = l
		}
	}
	for _, d := range []string{"AI suggestion", "Human decision", "Execution", "Evidence collected", "Review verdict", "Status change"} {
		if descs[d] == 0 {
			t.Errorf("no line is a %q: %v", d, descs)
		}
	}
	doc := exportDocOf(t, path, exportIncident)
	wantLines := len(doc.Events) + len(doc.Evidence) + len(doc.Reviews) + 1 + len(doc.StatusChanges) + recordClosings(doc)
	if len(lines) != wantLines {
		t.Errorf("%d lines; want one per event, evidence record and verdict, and the status changes: %d", len(lines), wantLines)
	}
	for _, e := range doc.Events {
		if e.Kind == "decision" && !slices.Contains(tags(byID[e.ID]), "decision:"+string(e.Outcome)) {
			t.Errorf("decision %s is not tagged decision:%s: %v", e.ID, e.Outcome, byID[e.ID]["tag"])
		}
	}
	// Every finding the whole-incident check reports is on its subject's
	// line, and no line claims one it does not report.
	var want []string
	r := signoff(t, path, "", "findings", exportIncident, "--json")
	var fs []struct{ Code, Subject string }
	if err := json.Unmarshal([]byte(r.stdout), &fs); err != nil || len(fs) == 0 {
		t.Fatalf("findings --json: %v %s", err, r.stdout)
	}
	for _, f := range fs {
		want = append(want, f.Subject+" "+f.Code)
	}
	var got []string
	for id, l := range byID {
		for _, tag := range tags(l) {
			if code, ok := strings.CutPrefix(tag, "finding:"); ok {
				got = append(got, id+" "+code)
			}
		}
	}
	sort.Strings(want)
	sort.Strings(got)
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("finding tags\n got %v\nwant %v", got, want)
	}
	if !strings.Contains(strings.Join(want, ","), "evidence-after-action") {
		t.Errorf("the incident no longer has an evidence-after-action finding to show: %v", want)
	}
}

// ocsfSubset is testdata/ocsf/schema-1.8.0-subset.json: what OCSF 1.8.0
// requires of the classes and objects the export writes.
type ocsfSubset struct {
	Version string `json:"version"`
	Classes map[string]struct {
		Name        string           `json:"name"`
		CategoryUID int              `json:"category_uid"`
		Required    []string         `json:"required"`
		Attributes  []string         `json:"attributes"`
		Enums       map[string][]int `json:"enums"`
		AtLeastOne  []string         `json:"at_least_one"`
	} `json:"classes"`
	Profiles     map[string][]string         `json:"profiles"`
	ProfileEnums map[string]map[string][]int `json:"profile_enums"`
	Objects      map[string]struct {
		Required   []string `json:"required"`
		Attributes []string `json:"attributes"`
		AtLeastOne []string `json:"at_least_one"`
	} `json:"objects"`
	ObjectOf map[string]string `json:"object_of"`
}

// check returns the first way event e breaks the subset, or "".
func (s *ocsfSubset) check(e map[string]any) string {
	class := fmt.Sprint(e["class_uid"])
	c, ok := s.Classes[class]
	if !ok {
		return "class_uid " + class + " is not one the export writes"
	}
	for _, a := range c.Required {
		if e[a] == nil {
			return c.Name + " lacks required " + a
		}
	}
	allowed := slices.Clone(c.Attributes)
	meta, _ := e["metadata"].(map[string]any)
	profiles, _ := meta["profiles"].([]any)
	enums := map[string][]int{}
	for k, v := range c.Enums {
		enums[k] = v
	}
	for _, p := range profiles {
		allowed = append(allowed, s.Profiles[p.(string)]...)
		for k, v := range s.ProfileEnums[p.(string)] {
			enums[k] = v
		}
	}
	for a := range e {
		if !slices.Contains(allowed, a) {
			return fmt.Sprintf("%s has %s, which is neither its attribute nor one of its profiles' (%v)", c.Name, a, profiles)
		}
	}
	if n := num(e["category_uid"]); n != c.CategoryUID {
		return fmt.Sprintf("category_uid %d; want %d", n, c.CategoryUID)
	}
	if num(e["type_uid"]) != num(e["class_uid"])*100+num(e["activity_id"]) {
		return "type_uid is not class_uid * 100 + activity_id"
	}
	for a, vals := range enums {
		if v, ok := e[a]; ok && !slices.Contains(vals, num(v)) {
			return fmt.Sprintf("%s %v is not one of %v", a, v, vals)
		}
	}
	if len(c.AtLeastOne) > 0 && !slices.ContainsFunc(c.AtLeastOne, func(a string) bool { return e[a] != nil }) {
		return c.Name + " has none of " + strings.Join(c.AtLeastOne, ", ")
	}
	if meta["version"] != s.Version {
		return fmt.Sprintf("metadata.version is %v", meta["version"])
	}
	for where, obj := range s.ObjectOf {
		for _, v := range at(e, where) {
			if why := s.checkObject(obj, v); why != "" {
				return where + ": " + why
			}
		}
	}
	return ""
}

func (s *ocsfSubset) checkObject(name string, v map[string]any) string {
	o := s.Objects[name]
	for _, a := range o.Required {
		if v[a] == nil || v[a] == "" {
			return name + " lacks required " + a
		}
	}
	for a := range v {
		if !slices.Contains(o.Attributes, a) {
			return name + " has no attribute " + a
		}
	}
	if len(o.AtLeastOne) > 0 && !slices.ContainsFunc(o.AtLeastOne, func(a string) bool { return v[a] != nil }) {
		return name + " has none of " + strings.Join(o.AtLeastOne, ", ")
	}
	return ""
}

// at finds the objects at a dotted path; "x[]" steps into a list.
func at(e map[string]any, path string) []map[string]any {
	cur := []any{e}
	for _, part := range strings.Split(path, ".") {
		list := strings.HasSuffix(part, "[]")
		part = strings.TrimSuffix(part, "[]")
		var next []any
		for _, c := range cur {
			m, _ := c.(map[string]any)
			v, ok := m[part]
			if !ok {
				continue
			}
			if items, isList := v.([]any); list && isList {
				next = append(next, items...)
			} else {
				next = append(next, v)
			}
		}
		cur = next
	}
	var out []map[string]any
	for _, c := range cur {
		if m, ok := c.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func num(v any) int {
	f, _ := v.(float64)
	return int(f)
}

func loadSubset(t *testing.T) *ocsfSubset {
	t.Helper()
	b, err := os.ReadFile("testdata/ocsf/schema-1.8.0-subset.json")
	if err != nil {
		t.Fatal(err)
	}
	var s ocsfSubset
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

func TestExportForOCSFPassesTheStructureCheckOfEachClass(t *testing.T) {
	path := demoDB(t)
	subset := loadSubset(t)
	for _, inc := range []string{"INC-2041", "INC-2042", "INC-2043", "INC-2044", "INC-2045", "INC-2046"} {
		t.Run(inc, func(t *testing.T) { checkOCSF(t, path, subset, inc) })
	}
}

func checkOCSF(t *testing.T, path string, subset *ocsfSubset, incident string) {
	doc := exportDocOf(t, path, incident)
	kinds := map[string]int{}
	for _, e := range doc.Events {
		kinds[string(e.Kind)]++
		if e.Kind == "decision" && e.Suggestion == "" {
			kinds["decision without suggestion"]++
		}
	}
	lines := exportLines(t, path, incident, "ocsf")
	count := map[string]int{}
	created := map[string]bool{}
	for i, e := range lines {
		if why := subset.check(e); why != "" {
			t.Fatalf("line %d: %s\n%v", i+1, why, e)
		}
		count[fmt.Sprintf("%v/%v", e["class_uid"], e["activity_id"])]++
		if num(e["class_uid"]) == 7001 {
			count["7001"]++
		}
		if fi, ok := e["finding_info"].(map[string]any); ok {
			uid := fi["uid"].(string)
			if num(e["activity_id"]) == 1 {
				created[uid] = true
			} else if !created[uid] {
				t.Errorf("line %d updates finding %s before it was created", i+1, uid)
			}
		}
	}
	want := map[string]int{
		"2005/1": 1, "2005/2": len(doc.StatusChanges), "2005/3": recordClosings(doc),
		"2004/1": kinds["suggestion"] + kinds["decision without suggestion"],
		"2004/2": kinds["decision"] - kinds["decision without suggestion"] + len(doc.Reviews),
		"7001":   kinds["execution"],
	}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("%d events %s; want %d (all: %v)", count[k], k, n, count)
		}
	}
}

// recordClosings is 1 when the exports write the incident record's own
// closing: it has closed_at, and no status change came before it.
func recordClosings(doc model.Document) int {
	closed := doc.Incident.ClosedAt
	if closed == nil || slices.ContainsFunc(doc.StatusChanges, func(c model.StatusChange) bool { return c.At.Before(*closed) }) {
		return 0
	}
	return 1
}

func TestExportsEscapeHostileTextAsEveryJSONOutputDoes(t *testing.T) {
	path := tempDB(t)
	hostile := "ok\x1b]0;pwned\x07 \u202egnp.exe\u200b \u009b31m"
	qb, _ := json.Marshal(hostile)
	q := string(qb)
	stream := strings.Join([]string{
		`{"record":"incident","format":"signoff.incident/v1","id":"INC-H","title":"hostile","severity":"sev3","status":"open","opened_at":"2026-11-30T08:00:00Z"}`,
		`{"record":"person","id":"ana","name":"Ana","authority":"high"}`,
		`{"record":"agent","id":"bot","name":"Bot","role":"triage"}`,
		fmt.Sprintf(`{"record":"event","id":"S1","at":"2026-11-30T08:01:00Z","kind":"suggestion","agent":"bot","action":{"type":"lookup","detail":%s},"rationale":%s}`, q, q),
		fmt.Sprintf(`{"record":"event","id":"D1","at":"2026-11-30T08:02:00Z","kind":"decision","suggestion":"S1","owner":"ana","outcome":"rejected","rationale":%s}`, q),
	}, "\n") + "\n"
	if r := signoff(t, path, stream, "import", "-"); r.code != 0 {
		t.Fatalf("import: %s", r.stderr)
	}
	for _, f := range []string{"timesketch", "ocsf"} {
		r := signoff(t, path, "", "export", "INC-H", "--format", f)
		if strings.ContainsAny(r.stdout, "\x1b\x07\u202e\u200b\u009b") {
			t.Errorf("%s: hostile characters reach the output unescaped", f)
		}
		for _, esc := range []string{`\u001b`, `\u202e`, `\u200b`, `\u009b`} {
			if !strings.Contains(r.stdout, esc) {
				t.Errorf("%s: %s is not escaped", f, esc)
			}
		}
		if !strings.Contains(r.stdout, "\n") || !json.Valid([]byte(strings.SplitN(r.stdout, "\n", 3)[1])) {
			t.Errorf("%s: the escaped lines are not JSON", f)
		}
		var found bool
		for _, l := range exportLines(t, path, "INC-H", f) {
			if l["rationale"] == hostile || l["comment"] == hostile {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: the rationale does not decode back to the text recorded", f)
		}
	}
}

func TestExportRefusesAnUnknownFormat(t *testing.T) {
	path := demoDB(t)
	r := signoff(t, path, "", "export", exportIncident, "--format", "csv")
	if r.code != 2 || !strings.Contains(r.stderr, `--format "csv" is not an export format; expected signoff, timesketch or ocsf`) {
		t.Errorf("exit %d: %s", r.code, r.stderr)
	}
}

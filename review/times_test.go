package review

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// The rules name a time only through checker.moment, so no finding can
// give a time of day that reads as another day's. This reads the
// package's sources: a rules file that calls any other function of the
// package turning a time into a string (as the old clock and clockPair
// did), formats a time itself, or hands a time field to fmt fails it.
func TestRulesNameTimesOnlyThroughTheChecker(t *testing.T) {
	fset := token.NewFileSet()
	all, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]*ast.File{}
	for _, name := range all {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = f
	}
	// The package's functions from a time to words, and those giving a
	// time, but for the one way and the span between two times.
	words, times := map[string]bool{}, map[string]bool{}
	for _, f := range files {
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Type.Results == nil {
				continue
			}
			takesTime := false
			for _, p := range fn.Type.Params.List {
				takesTime = takesTime || isTimeType(p.Type)
			}
			for _, r := range fn.Type.Results.List {
				if id, ok := r.Type.(*ast.Ident); ok && id.Name == "string" && takesTime {
					words[fn.Name.Name] = true
				}
				if isTimeType(r.Type) {
					times[fn.Name.Name] = true
				}
			}
		}
	}
	delete(words, "moment")
	delete(words, "between")
	if !words["at"] || !words["Stamp"] || !words["fullTime"] {
		t.Fatalf("the test no longer finds the package's time formatters (%v): fix the test", words)
	}
	fields := timeFields(model.Event{}, model.Approval{}, model.Evidence{}, model.Review{},
		model.StatusChange{}, model.Incident{}, model.Lifecycle{})

	checked := 0
	for name, f := range files {
		if !strings.HasPrefix(name, "rules_") {
			continue
		}
		checked++
		ast.Inspect(f, func(n ast.Node) bool {
			bad := ""
			switch n := n.(type) {
			case *ast.BasicLit:
				if s, err := strconv.Unquote(n.Value); err == nil && n.Kind == token.STRING &&
					(strings.Contains(s, "15:04") || strings.Contains(s, "2006")) {
					bad = "a time layout " + n.Value
				}
			case *ast.SelectorExpr:
				if x, ok := n.X.(*ast.Ident); ok && x.Name == "time" && n.Sel.Name != "Time" {
					bad = "time." + n.Sel.Name
				}
			case *ast.CallExpr:
				name := calledName(n.Fun)
				switch {
				case words[name]:
					bad = "a call to " + name + ", which turns a time into words"
				case name == "Format" || name == "AppendFormat":
					bad = "a call to " + name
				case isFmt(n.Fun):
					for _, arg := range n.Args {
						if a := timeArg(arg, fields, times); a != "" {
							bad = a + " handed to fmt as it is"
						}
					}
				}
			}
			if bad != "" {
				t.Errorf("%s: %s; name a time in a finding with c.moment", fset.Position(n.Pos()), bad)
			}
			return true
		})
	}
	if checked < 5 {
		t.Fatalf("read %d rules files, want every rules_*.go", checked)
	}
}

func isTimeType(e ast.Expr) bool {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == "time" && sel.Sel.Name == "Time"
}

// calledName is the name of the function or method a call calls.
func calledName(fun ast.Expr) string {
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	case *ast.IndexExpr: // a generic function
		return calledName(f.X)
	}
	return ""
}

func isFmt(fun ast.Expr) bool {
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == "fmt"
}

// timeArg says what time an argument is, or "": a time field of the
// model's records, or a call of a function giving a time.
func timeArg(e ast.Expr, fields, funcs map[string]bool) string {
	switch a := e.(type) {
	case *ast.StarExpr:
		return timeArg(a.X, fields, funcs)
	case *ast.ParenExpr:
		return timeArg(a.X, fields, funcs)
	case *ast.SelectorExpr:
		if fields[a.Sel.Name] {
			return "the time field " + a.Sel.Name
		}
	case *ast.CallExpr:
		if name := calledName(a.Fun); funcs[name] {
			return "the time " + name + " gives"
		}
	}
	return ""
}

// timeFields are the names of the time fields of the records the rules
// read.
func timeFields(records ...any) map[string]bool {
	out := map[string]bool{}
	tt := reflect.TypeOf(time.Time{})
	for _, r := range records {
		rt := reflect.TypeOf(r)
		for i := range rt.NumField() {
			f := rt.Field(i)
			if f.Type == tt || f.Type == reflect.PointerTo(tt) {
				out[f.Name] = true
			}
		}
	}
	if !out["At"] || !out["CollectedAt"] || !out["ClosedAt"] {
		panic("the model's time fields are not where the test looks")
	}
	return out
}

// An incident that runs past midnight: alice approves isolating host-1 at
// 23:45, rejects it at 23:55, and X1 carries the approval out at 00:10 the
// next day. The rejection came before the execution; a finding reading
// "X1 ran … at 00:10 … alice had rejected S1 at 23:55, before it ran", as
// it did when the rules wrote a time of day alone, says the opposite.
func TestAnIncidentSpanningMidnightDatesItsFindings(t *testing.T) {
	night := time.Date(2026, 3, 2, 23, 30, 0, 0, time.UTC)
	after := func(min int) time.Time { return night.Add(time.Duration(min) * time.Minute) }
	d := cleanDoc()
	d.Incident.OpenedAt = after(0)
	d.Evidence[0].CollectedAt = after(5)
	d.Evidence[1].CollectedAt = after(5)
	event(t, &d, "S1").At = after(10)
	event(t, &d, "D1").At = after(15)
	event(t, &d, "X1").At = after(40)
	d.Events = append(d.Events, model.Event{ID: "D2", At: after(25), Kind: model.KindDecision, Suggestion: "S1",
		Owner: "alice", Outcome: model.OutcomeRejected, Rationale: "the host serves checkout", EvidenceReviewed: []string{"EV-1"}})
	mustValid(t, d)

	messages := func(fs []Finding) []string {
		var out []string
		for _, f := range fs {
			if f.Code == CodeMissingApproval {
				out = append(out, f.Message)
			}
		}
		return out
	}
	full := "X1 ran isolate_host on host-1 at 2026-03-03 00:10 UTC, a high action that needs one human approval; " +
		"it carried out D1, but alice had rejected S1 at 2026-03-02 23:55 UTC (D2), before it ran, so nothing approved it then"
	t.Run("findings give every time its date and zone", func(t *testing.T) {
		if got := messages(Findings(d, DefaultPolicy())); len(got) != 1 || got[0] != full {
			t.Errorf("messages %q\nwant     %q", got, full)
		}
	})
	r := BuildReport(d, DefaultPolicy(), ChainStatus{Verified: true})
	t.Run("the JSON report's findings are those of findings --json", func(t *testing.T) {
		if got := messages(r.Findings); len(got) != 1 || got[0] != full {
			t.Errorf("messages %q\nwant     %q", got, full)
		}
		var b strings.Builder
		j := NewReportJSON(&b, d.WalkStart(), DefaultPolicy())
		for _, s := range Steps(d) {
			if err := j.Step(&s); err != nil {
				t.Fatal(err)
			}
		}
		if err := j.Close(ChainStatus{Verified: true}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), full) {
			t.Errorf("the streamed JSON report lacks %q", full)
		}
	})
	t.Run("the Markdown report dates a time on another day than the incident opened", func(t *testing.T) {
		brief := "X1 ran isolate_host on host-1 at 2026-03-03 00:10, a high action that needs one human approval; " +
			"it carried out D1, but alice had rejected S1 at 23:55 (D2), before it ran, so nothing approved it then"
		md := r.Markdown()
		if strings.Count(md, mdText(brief)) != 2 || !strings.Contains(md, "on 2026-03-02 unless a date is given") {
			t.Errorf("the Markdown report lacks the finding %q in its summary and its step, or the day its times are on:\n%s", brief, md)
		}
	})
}

package metrics

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/tuitest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// loaded returns a dashboard that has run its first load against store.
func loaded(t *testing.T, store model.Store, w, h int) Model {
	t.Helper()
	m := New(tuitest.Common(store, "", nil), model.MetricsFilter{})
	m.SetSize(w, h)
	return run(t, m, m.Init())
}

// run feeds the messages of cmd (and what they lead to) back into m.
func run(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	for cmd != nil {
		msg := cmd()
		switch msg.(type) {
		case common.OpenIncidentMsg, common.BackMsg:
			return m // for the router
		}
		m, cmd = m.Update(msg)
	}
	return m
}

func keys(t *testing.T, m Model, ks ...string) Model {
	t.Helper()
	for _, k := range ks {
		var cmd tea.Cmd
		m, cmd = m.Update(tuitest.Key(k))
		m = run(t, m, cmd)
	}
	return m
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("the view differs from %s:\n%s", path, got)
	}
}

func TestGoldenViews(t *testing.T) {
	tests := []struct {
		name string
		w, h int
		keys []string
	}{
		{"agents at 80x24", 80, 24, nil},
		{"agents at 160x48", 160, 48, nil},
		{"action types at 80x24", 80, 24, []string{"tab"}},
		{"the second agent at 80x24", 80, 24, []string{"j"}},
		{"suggestions behind an agent at 80x24", 80, 24, []string{"enter"}},
		{"suggestions behind an action type at 160x48", 160, 48, []string{"tab", "j", "enter", "j", "j"}},
		{"full help at 80x24", 80, 24, []string{"?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := keys(t, loaded(t, sampleStore(), tt.w, tt.h), tt.keys...)
			view := m.View()
			if strings.Contains(view, "\x1b") {
				t.Fatalf("the monochrome view holds an escape sequence: %q", view)
			}
			lines := strings.Split(view, "\n")
			if len(lines) != tt.h {
				t.Errorf("the view is %d lines; want %d", len(lines), tt.h)
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > tt.w {
					t.Errorf("line %d is %d cells wide; want at most %d: %q", i+1, w, tt.w, l)
				}
			}
			golden(t, strings.ReplaceAll(tt.name, " ", "_"), view)
		})
	}
}

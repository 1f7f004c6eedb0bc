package common

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestFlowKeepsEachPartWhole(t *testing.T) {
	parts := []string{"remediator", "accepted 29/40 (72.5%)", "overridden 11/40 (27.5%)", "pending 0", "auto 1"}
	cases := []struct {
		name  string
		parts []string
		w     int
		want  []string
	}{
		{"parts that fit share a line", parts, 200, []string{"remediator · accepted 29/40 (72.5%) · overridden 11/40 (27.5%) · pending 0 · auto 1"}},
		{"a part that does not fit starts the next line, indented", parts, 60, []string{
			"remediator · accepted 29/40 (72.5%)",
			"  overridden 11/40 (27.5%) · pending 0 · auto 1"}},
		{"only a part wider than a line is cut across lines", []string{"pending 0", "a-very-long-agent-name"}, 12, []string{
			"pending 0", "  a-very-lon", "  g-agent-na", "  me"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, l := range Flow(c.parts, "  ", c.w) {
				got = append(got, string(l))
				if n := ansi.StringWidth(string(l)); n > c.w {
					t.Errorf("a line is %d cells, wider than %d: %q", n, c.w, l)
				}
			}
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("Flow = %q, want %q", got, c.want)
			}
		})
	}
}

func TestWrapWordsBreaksAtSpacesOnly(t *testing.T) {
	got := strings.Split(WrapWords(New(Options{}).Styles.Muted, "the record shows X12 carried out INC-2041/S12 at 2026-11-25", 30), "\n")
	for _, l := range got {
		l = ansi.Strip(l)
		if strings.HasSuffix(l, "-") || strings.HasPrefix(l, "2041") || strings.HasPrefix(l, "11-25") {
			t.Errorf("a line breaks at a hyphen: %q", got)
		}
	}
}

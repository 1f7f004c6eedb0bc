package common

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

func TestTheChainBannerWrapsAtSpacesInAQuarterOfTheScreen(t *testing.T) {
	c := New(Options{Renderer: lipgloss.NewRenderer(io.Discard)})
	problem := "entries were cut off the end; if a backup was restored here on purpose, signoff verify --forget checks the record whole"
	t.Run("a command in it is never split at its hyphens", func(t *testing.T) {
		lines := c.ChainBanner(problem, 60, 24)
		for _, l := range lines {
			if ansi.StringWidth(l) != 60 {
				t.Errorf("line %q is not 60 cells wide", l)
			}
		}
		if got := strings.Join(strings.Fields(strings.Join(lines, " ")), " "); !strings.Contains(got, "--forget checks the record whole") {
			t.Errorf("the banner lost its end: %q", got)
		}
		for _, l := range lines {
			if strings.HasSuffix(strings.TrimSpace(l), "-") {
				t.Errorf("a line ends at a hyphen: %q", l)
			}
		}
	})
	t.Run("on a short terminal it takes a quarter of the height and says it was cut", func(t *testing.T) {
		lines := c.ChainBanner(problem, 30, 8)
		if len(lines) != 2 || !strings.HasSuffix(strings.TrimSpace(lines[1]), "…") {
			t.Errorf("want two lines, the last cut with …: %q", lines)
		}
	})
	t.Run("an intact chain draws nothing", func(t *testing.T) {
		if lines := c.ChainBanner("", 80, 24); lines != nil {
			t.Errorf("got %q", lines)
		}
	})
}

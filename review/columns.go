package review

import (
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// Columns lays rows of cells out as text/tabwriter does with two spaces
// between columns (the last cell of a row is not padded), but measures a
// cell by the cells a terminal gives it: tabwriter counts runes, so a key
// of wide characters (代理) or with a combining accent pushed every column
// after it out of line. Cells must already be safe for a terminal.
type Columns struct{ rows [][]string }

// Row adds one line of cells.
func (c *Columns) Row(cells ...string) { c.rows = append(c.rows, cells) }

// WriteTo writes the rows, aligned.
func (c *Columns) WriteTo(w io.Writer) (int64, error) {
	var widths []int
	for _, r := range c.rows {
		for j := 0; j < len(r)-1; j++ {
			if j == len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], runewidth.StringWidth(r[j]))
		}
	}
	var out, b strings.Builder
	for _, r := range c.rows {
		for j, cell := range r {
			b.WriteString(cell)
			if j < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[j]-runewidth.StringWidth(cell)+2))
			}
		}
		// Empty cells at the end leave no padding behind.
		out.WriteString(strings.TrimRight(b.String(), " "))
		out.WriteByte('\n')
		b.Reset()
	}
	n, err := io.WriteString(w, out.String())
	return int64(n), err
}

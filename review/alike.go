package review

import (
	"strconv"

	"github.com/signoff/signoff/model"
)

// spelt names an id that reads like another in a finding: as it is when
// plain ASCII, like every id in a finding, else quoted and spelt out in
// escapes, since on a screen it looks like its twin.
func spelt(id string) string {
	if strconv.QuoteToASCII(id) == strconv.Quote(id) {
		return id
	}
	return model.Spelt(id)
}

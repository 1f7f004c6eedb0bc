package common

import (
	"strconv"

	"github.com/signoff/signoff/tui/safetext"
)

// AlikeMark names an id that reads like twin, both spelt in ASCII escapes
// ("⚠ id INC\u20102041 reads like INC-2041"): on screen the two look the
// same, so only their escapes tell them apart.
func AlikeMark(id, twin string) safetext.Text {
	return "⚠ id " + EscapedID(id) + " reads like " + EscapedID(twin)
}

// EscapedID is an id as Go would quote it in ASCII, without the quotes:
// "\u0430lice", and "alice" as it is.
func EscapedID(id string) safetext.Text {
	q := strconv.QuoteToASCII(id)
	return safetext.Line(q[1 : len(q)-1])
}

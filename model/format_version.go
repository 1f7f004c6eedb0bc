package model

import (
	"strconv"
	"strings"
)

// NotInV1 follows the name of a field or record type that FormatV1 does not
// have: a file written by a newer signoff is refused saying so, not only
// with what this one cannot read in it.
const NotInV1 = " (not in " + FormatV1 + ": misspelt, or written by a newer signoff)"

// CheckFormat refuses a "format" other than FormatV1, naming a later
// version of signoff's own format as the work of a newer signoff.
func CheckFormat(f string) error {
	if f == FormatV1 {
		return nil
	}
	if NewerFormat(f) {
		return invalid("field \"format\" is %s: the file was written by a newer signoff, and this one reads %s only; "+
			"import it with a signoff as new as the one that wrote it", Quote(f), FormatV1)
	}
	return invalid("field \"format\" is %s; expected %q", Quote(f), FormatV1)
}

// NewerFormat says whether f names a later version of signoff's own
// format than FormatV1: signoff.incident/v2, or v1.1.
func NewerFormat(f string) bool {
	v, ok := strings.CutPrefix(f, "signoff.incident/v")
	return ok && laterThanV1(v)
}

// laterThanV1 reads a version "N" or "N.M" and says whether it comes after 1.
func laterThanV1(v string) bool {
	major, minor, dotted := strings.Cut(v, ".")
	n, err := strconv.ParseUint(major, 10, 32)
	if err != nil || (dotted && !digits(minor)) {
		return false
	}
	return n > 1 || (n == 1 && dotted && strings.Trim(minor, "0") != "")
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

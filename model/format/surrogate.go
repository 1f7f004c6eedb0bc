package format

import (
	"bytes"
	"fmt"
	"unicode/utf16"
)

// encoding/json reads a \u escape of half a UTF-16 surrogate pair, without
// its other half, as U+FFFD. Text that is not Unicode is refused, never
// repaired (as a byte that is not UTF-8 is, checkUTF8), so after a strict
// decode has accepted a record, loneSurrogate looks for such an escape.

// surrogateError is an escape of half a surrogate pair.
type surrogateError struct {
	off    int64 // of its backslash, from the start of the value
	escape string
}

func (e *surrogateError) Error() string {
	return fmt.Sprintf("%s is half of a UTF-16 surrogate pair, not a character; signoff reads Unicode text only and will not store it as U+FFFD", e.escape)
}

// loneSurrogate finds the first escape in raw, a JSON value that decoded,
// of half a surrogate pair not joined to its other half. In valid JSON a
// backslash only appears in a string and starts an escape, so walking from
// backslash to backslash, each escape skipped whole, visits every escape.
func loneSurrogate(raw []byte) error {
	for i := 0; ; {
		j := bytes.IndexByte(raw[i:], '\\')
		if j < 0 || i+j+1 >= len(raw) {
			return nil
		}
		i += j
		if raw[i+1] != 'u' {
			i += 2
			continue
		}
		r, ok := escapedRune(raw[i:])
		switch {
		case !ok || !utf16.IsSurrogate(r):
			i += 2
			continue
		case r < 0xdc00:
			if lo, ok := escapedRune(raw[i+6:]); ok && lo >= 0xdc00 && lo <= 0xdfff {
				i += 12
				continue
			}
		}
		return &surrogateError{off: int64(i), escape: string(raw[i : i+6])}
	}
}

// escapedRune reads the \uXXXX escape b starts with.
func escapedRune(b []byte) (rune, bool) {
	if len(b) < 6 || b[0] != '\\' || b[1] != 'u' {
		return 0, false
	}
	var r rune
	for _, c := range b[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

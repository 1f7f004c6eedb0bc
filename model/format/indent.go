package format

import (
	"bytes"
	"strings"
)

// appendIndented appends src indented as json.Indent(dst, src, prefix,
// "  ") appends it, as a byte transform: strings and numbers are copied,
// and only the structure is read. It takes compact JSON (a store's
// canonical payloads, checked against their hashes before they are
// exported) and reports false, having appended nothing, for anything else
// (white space or control bytes between tokens or inside a string,
// brackets that do not match, a string left open), which the caller hands
// to json.Indent.
func appendIndented(dst, src []byte, prefix string) ([]byte, bool) {
	start := len(dst)
	var closers []byte // the bracket each open value expects
	open := false      // a value was just opened: its first member goes on a new line
	for i := 0; i < len(src); {
		c := src[i]
		if open && c != '}' && c != ']' {
			dst = appendNewline(dst, prefix, len(closers))
			open = false
		}
		switch c {
		case '"':
			end := stringEnd(src, i)
			if end < 0 || hasControl(src[i:end]) {
				return dst[:start], false
			}
			dst = append(dst, src[i:end]...)
			i = end
			continue
		case '{', '[':
			closers = append(closers, c+2) // '{'+2 is '}', '['+2 is ']'
			open = true
		case '}', ']':
			if len(closers) == 0 || closers[len(closers)-1] != c {
				return dst[:start], false
			}
			closers = closers[:len(closers)-1]
			if !open {
				dst = appendNewline(dst, prefix, len(closers))
			}
			open = false
		case ',':
			dst = appendNewline(append(dst, ','), prefix, len(closers))
			i++
			continue
		case ':':
			dst = append(dst, ':', ' ')
			i++
			continue
		default:
			if c <= ' ' {
				return dst[:start], false
			}
			j := i + 1
			for j < len(src) && !structural[src[j]] {
				j++
			}
			dst = append(dst, src[i:j]...)
			i = j
			continue
		}
		dst = append(dst, c)
		i++
	}
	if len(closers) > 0 || open {
		return dst[:start], false
	}
	return dst, true
}

// structural marks the bytes that end a number or literal.
var structural = func() (set [256]bool) {
	for b := 0; b <= ' '; b++ {
		set[b] = true
	}
	for _, b := range `{}[],:"` {
		set[b] = true
	}
	return set
}()

// stringEnd returns the index just after the string that starts at
// src[i] (a quote), or -1 when it is not closed.
func stringEnd(src []byte, i int) int {
	for j := i + 1; ; {
		k := bytes.IndexByte(src[j:], '"')
		if k < 0 {
			return -1
		}
		j += k
		backslashes := 0
		for b := j - 1; src[b] == '\\'; b-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return j + 1
		}
		j++
	}
}

// hasControl reports whether b holds a control byte, which JSON never
// holds raw inside a string.
func hasControl(b []byte) bool {
	for _, c := range b {
		if c < ' ' {
			return true
		}
	}
	return false
}

// indentation is a newline and the two-space steps of the deepest
// indentation a document usually has; deeper is built on demand.
var indentation = "\n" + strings.Repeat("  ", 32)

func appendNewline(dst []byte, prefix string, depth int) []byte {
	dst = append(dst, '\n')
	dst = append(dst, prefix...)
	if n := 1 + 2*depth; n <= len(indentation) {
		return append(dst, indentation[1:n]...)
	}
	for range depth {
		dst = append(dst, ' ', ' ')
	}
	return dst
}

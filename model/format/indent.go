package format

import (
	"encoding/binary"
	"math/bits"
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
			if end < 0 {
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
// src[i] (a quote), or -1 when it is not closed or holds a raw control
// byte, which JSON never does. It reads eight bytes at a time and stops
// only at a quote, a backslash or a control byte: re-indenting an export
// is mostly reading its strings.
func stringEnd(src []byte, i int) int {
	j := i + 1
	for {
		for j+8 <= len(src) {
			if m := stringStops(binary.LittleEndian.Uint64(src[j:])); m != 0 {
				j += bits.TrailingZeros64(m) >> 3
				break
			}
			j += 8
		}
		for j < len(src) && src[j] != '"' && src[j] != '\\' && src[j] >= ' ' {
			j++
		}
		switch {
		case j >= len(src), src[j] < ' ':
			return -1
		case src[j] == '"':
			return j + 1
		case j+1 >= len(src) || src[j+1] < ' ': // a backslash escapes the byte after it
			return -1
		}
		j += 2
	}
}

const (
	eachByte = 0x0101010101010101
	highBits = 0x8080808080808080
)

// stringStops marks the high bit of each byte of the eight in x that is a
// quote, a backslash or below a space. A mark above the lowest may be
// false (a borrow from the byte below it); the lowest is always true.
func stringStops(x uint64) uint64 {
	return bytesBelow(x^('"'*eachByte), 1) | bytesBelow(x^('\\'*eachByte), 1) | bytesBelow(x, ' ')
}

// bytesBelow marks the high bit of the bytes of v below c (c < 0x80), the
// lowest mark always true.
func bytesBelow(v, c uint64) uint64 { return (v - c*eachByte) &^ v & highBits }

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

package format

import (
	"errors"
	"math"
	"strconv"
	"unicode/utf8"
)

// AppendString appends s to dst as a JSON string, escaped exactly as
// encoding/json's Marshal escapes it (HTML-safe, invalid UTF-8 as U+FFFD,
// U+2028 and U+2029 escaped). Hand-written encoders of large outputs use it
// so that their bytes stay those of the reflection encoder they replace.
func AppendString(dst []byte, s string) []byte {
	return appendString(dst, s, &plainASCII)
}

// AppendStringKeepHTML is AppendString for an encoder that does not escape
// HTML (json.Encoder with SetEscapeHTML(false)): <, > and & stay as they are.
func AppendStringKeepHTML(dst []byte, s string) []byte {
	return appendString(dst, s, &plainASCIIWithHTML)
}

func appendString(dst []byte, s string, plain *[utf8.RuneSelf]bool) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if plain[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = appendASCIIEscape(dst, b)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

const hexDigits = "0123456789abcdef"

// appendASCIIEscape writes the escape encoding/json uses for one ASCII byte
// that cannot stand for itself.
func appendASCIIEscape(dst []byte, b byte) []byte {
	switch b {
	case '\\', '"':
		return append(dst, '\\', b)
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	return append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
}

// plainASCII marks the ASCII bytes written as they are: printable, and not
// a quote, a backslash or one of the HTML-significant <, > and &.
var plainASCII = func() (set [utf8.RuneSelf]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		set[b] = true
	}
	for _, b := range `"\<>&` {
		set[b] = false
	}
	return set
}()

// plainASCIIWithHTML is plainASCII with <, > and & written as they are.
var plainASCIIWithHTML = func() (set [utf8.RuneSelf]bool) {
	set = plainASCII
	for _, b := range `<>&` {
		set[b] = true
	}
	return set
}()

// AppendFloat appends f as encoding/json writes a float64: the shortest
// decimal that reads back the same, in exponent form only below 1e-6 or
// from 1e21 on, with a one-digit negative exponent not padded (1e-7, not
// 1e-07). Infinities and NaN have no JSON form and are refused.
func AppendFloat(dst []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return dst, errors.New("json: unsupported value: " + strconv.FormatFloat(f, 'g', -1, 64))
	}
	form := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		form = 'e'
	}
	dst = strconv.AppendFloat(dst, f, form, -1, 64)
	if n := len(dst); form == 'e' && n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
		dst[n-2] = dst[n-1]
		dst = dst[:n-1]
	}
	return dst, nil
}

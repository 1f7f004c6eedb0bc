package db

import (
	"database/sql/driver"
	"strings"
	"unicode"
	"unicode/utf8"

	"modernc.org/sqlite"
)

// Search ignores case the way Go does, on both sides: SQLite's lower()
// folds ASCII only, so "Übergabe" lowered by Go never matched "Übergabe"
// lowered by SQLite. The rows are folded by signoff_fold, a Go function
// registered with the driver, and the search text by the same foldText.
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("signoff_fold", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return foldText(v), nil
		case []byte:
			return foldText(string(v)), nil
		}
		return args[0], nil
	})
}

// foldText puts every character in one case, through upper case and back
// (unicode.ToLower(unicode.ToUpper(r))), so the characters Go's simple case
// folding holds equal read the same: "ÜBERGABE", "übergabe", the Kelvin
// sign and k, ſ and s. Invalid bytes are kept as they are.
func foldText(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			b.WriteByte(s[i])
			i++
			continue
		}
		b.WriteRune(unicode.ToLower(unicode.ToUpper(r)))
		i += size
	}
	return b.String()
}

// foldRow is the text a search reads of a timeline row, folded: its
// summary, actor, id and action, the unit separator (U+001F) between them,
// as searchMatch folds them in SQLite. An engine that cannot run Go in its
// queries stores it with the row (engine.Dialect.FoldedColumn).
func foldRow(r *eventRow) string {
	return foldText(r.Summary + "\x1f" + r.Actor + "\x1f" + r.ID + "\x1f" + r.Action)
}

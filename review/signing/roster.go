package signing

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
)

// Roster is an allowed-signers file, the format of ssh-keygen's
// ALLOWED SIGNERS (and of git's gpg.ssh.allowedSignersFile): one key per
// line, after the principals it speaks for and optional restrictions.
//
//	alice ssh-ed25519 AAAA… alice@laptop
//	bob namespaces="signoff",valid-after="20260101" ssh-ed25519 AAAA…
//
// A principal is a signoff person id. Keys are revoked by removing their
// line (no session or signature is accepted from then on) or, to keep the
// key's past signatures checkable, by giving it valid-before.
type Roster struct {
	Name    string // the file, for sentences
	Signers []Signer
}

// Signer is one line of the roster.
type Signer struct {
	Line       int
	Principals []string // patterns (* and ?; !negates)
	Key        ssh.PublicKey
	Namespaces []string // patterns; nil accepts any namespace
	// ValidAfter and ValidBefore bound when the key speaks for its
	// principals; zero is unbounded.
	ValidAfter, ValidBefore time.Time
}

// ParseRoster reads an allowed-signers file. A line it cannot read is
// refused with a sentence naming the file and line: a roster that says
// who may sign is never half-read.
func ParseRoster(data []byte, name string) (*Roster, error) {
	r := &Roster{Name: name}
	for i, raw := range bytes.Split(data, []byte("\n")) {
		line := strings.TrimSpace(string(raw))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !utf8.Valid(raw) {
			return nil, model.Errorf(model.EINVALID, "allowed signers file %s, line %d: byte 0x%02X is not valid UTF-8; a principal is a person's id, which is UTF-8 text", name, i+1, firstBad(raw))
		}
		s, err := parseLine(line)
		if err != nil {
			return nil, model.Errorf(model.EINVALID, "allowed signers file %s, line %d: %s", name, i+1, err)
		}
		s.Line = i + 1
		r.Signers = append(r.Signers, s)
	}
	return r, nil
}

func parseLine(line string) (Signer, error) {
	var s Signer
	principals, rest := field(line)
	if principals = strings.Trim(principals, `"`); principals == "" {
		return s, fmt.Errorf("no principals before the key")
	}
	s.Principals = strings.Split(principals, ",")
	if first, after := field(rest); first != "" && !isKeyType(first) {
		if err := s.options(first); err != nil {
			return s, err
		}
		rest = after
	}
	key, _, opts, _, err := ssh.ParseAuthorizedKey([]byte(rest))
	if err != nil || len(opts) > 0 || !isKeyType(rest) {
		return s, fmt.Errorf("no public key after the principals and options (expected e.g. ssh-ed25519 AAAA…)")
	}
	s.Key = key
	return s, nil
}

// isKeyType reports whether s starts with an OpenSSH key type name.
func isKeyType(s string) bool {
	for _, p := range []string{"ssh-", "ecdsa-sha2-", "sk-"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// field splits off the first space-separated field, spaces inside double
// quotes included.
func field(s string) (string, string) {
	quoted := false
	for i, c := range s {
		switch {
		case c == '"':
			quoted = !quoted
		case (c == ' ' || c == '\t') && !quoted:
			return s[:i], strings.TrimSpace(s[i:])
		}
	}
	return s, ""
}

func (s *Signer) options(opts string) error {
	for _, opt := range splitOptions(opts) {
		name, val, hasVal := strings.Cut(opt, "=")
		val = strings.Trim(val, `"`)
		var err error
		switch strings.ToLower(name) {
		case "namespaces":
			s.Namespaces = strings.Split(val, ",")
		case "valid-after":
			s.ValidAfter, err = parseStamp(val)
		case "valid-before":
			s.ValidBefore, err = parseStamp(val)
		case "cert-authority":
			return fmt.Errorf("cert-authority lines are not supported; list each person's own key")
		default:
			return fmt.Errorf("unknown option %q (expected namespaces, valid-after or valid-before)", name)
		}
		if err != nil || (hasVal && val == "" && name != "namespaces") {
			return fmt.Errorf("option %s has a time %q that is not YYYYMMDD[HHMM[SS]][Z]", name, val)
		}
	}
	return nil
}

// splitOptions splits on commas outside double quotes.
func splitOptions(s string) []string {
	var out []string
	quoted, start := false, 0
	for i, c := range s {
		switch {
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// parseStamp reads ssh-keygen's time: YYYYMMDD or YYYYMMDDHHMM[SS], in
// local time, or in UTC with a trailing Z.
func parseStamp(v string) (time.Time, error) {
	loc := time.Local
	if z, ok := strings.CutSuffix(v, "Z"); ok {
		v, loc = z, time.UTC
	}
	for _, layout := range []string{"20060102", "200601021504", "20060102150405"} {
		if len(v) == len(layout) {
			return time.ParseInLocation(layout, v, loc)
		}
	}
	return time.Time{}, fmt.Errorf("bad time")
}

// validAt reports whether the line's time bounds hold at t.
func (s *Signer) validAt(t time.Time) bool {
	return (s.ValidAfter.IsZero() || !t.Before(s.ValidAfter)) && (s.ValidBefore.IsZero() || t.Before(s.ValidBefore))
}

// forSignoff reports whether the line lets the key sign in signoff's namespace.
func (s *Signer) forSignoff() bool {
	return s.Namespaces == nil || matchList(model.SignatureNamespace, s.Namespaces)
}

// Allows says whether key speaks for person at time at (the time of the
// record it signed), as ssh-keygen -Y verify would judge it: nil, or a
// sentence saying what the roster says instead.
func (r *Roster) Allows(person string, key ssh.PublicKey, at time.Time) error {
	fp := Fingerprint(key)
	var listedFor []string
	var why error
	for i := range r.Signers {
		s := &r.Signers[i]
		if !keysEqual(s.Key, key) {
			continue
		}
		switch {
		case !matchList(person, s.Principals):
			listedFor = append(listedFor, strings.Join(s.Principals, ","))
		case !s.forSignoff():
			why = fmt.Errorf("line %d of %s limits key %s to the namespaces %s, which leave out %q", s.Line, r.Name, fp, strings.Join(s.Namespaces, ","), model.SignatureNamespace)
		case !s.validAt(at):
			why = fmt.Errorf("line %d of %s lets key %s speak for %s only %s, and the record is from %s", s.Line, r.Name, fp, person, s.window(), stamp(at))
		default:
			return nil
		}
	}
	switch {
	case why != nil:
		return why
	case len(listedFor) > 0:
		return fmt.Errorf("key %s is listed in %s for %s, not for %s", fp, r.Name, strings.Join(listedFor, "; "), person)
	}
	return fmt.Errorf("key %s is not in %s", fp, r.Name)
}

// Person is who a key logs in as at time at: the one person its lines
// name. A key on no valid line, or one that names several people or only
// patterns, logs in as nobody; the error says why, for the server's log.
func (r *Roster) Person(key ssh.PublicKey, at time.Time) (string, error) {
	var people []string
	listed := false
	for i := range r.Signers {
		s := &r.Signers[i]
		if !keysEqual(s.Key, key) {
			continue
		}
		listed = true
		if !s.forSignoff() || !s.validAt(at) {
			continue
		}
		for _, p := range s.Principals {
			if !strings.ContainsAny(p, "*?!") && model.ValidID(p) && !contains(people, p) {
				people = append(people, p)
			}
		}
	}
	switch {
	case len(people) == 1:
		return people[0], nil
	case len(people) > 1:
		return "", fmt.Errorf("key %s is listed for several people (%s); a key must name one", Fingerprint(key), strings.Join(people, ", "))
	case listed:
		return "", fmt.Errorf("key %s is in %s but names no person it may speak for now (a pattern, another namespace or outside its validity)", Fingerprint(key), r.Name)
	}
	return "", fmt.Errorf("key %s is not in %s", Fingerprint(key), r.Name)
}

func (s *Signer) window() string {
	switch {
	case s.ValidAfter.IsZero():
		return "before " + stamp(s.ValidBefore)
	case s.ValidBefore.IsZero():
		return "from " + stamp(s.ValidAfter)
	}
	return "from " + stamp(s.ValidAfter) + " until " + stamp(s.ValidBefore)
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }

func keysEqual(a, b ssh.PublicKey) bool { return bytes.Equal(a.Marshal(), b.Marshal()) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// matchList is OpenSSH's pattern-list match: s matches when some pattern
// matches it and no negated (!) pattern does.
func matchList(s string, patterns []string) bool {
	matched := false
	for _, p := range patterns {
		if neg, ok := strings.CutPrefix(p, "!"); ok {
			if wildcard(neg, s) {
				return false
			}
		} else if wildcard(p, s) {
			matched = true
		}
	}
	return matched
}

// wildcard matches s against a pattern of * (any run) and ? (any one).
func wildcard(p, s string) bool {
	pr, sr := []rune(p), []rune(s)
	var match func(i, j int) bool
	match = func(i, j int) bool {
		for i < len(pr) {
			switch pr[i] {
			case '*':
				for k := j; k <= len(sr); k++ {
					if match(i+1, k) {
						return true
					}
				}
				return false
			case '?':
				if j >= len(sr) {
					return false
				}
			default:
				if j >= len(sr) || pr[i] != sr[j] {
					return false
				}
			}
			i, j = i+1, j+1
		}
		return j == len(sr)
	}
	return match(0, 0)
}

// firstBad is the first byte of b that is not UTF-8 (b is not valid).
func firstBad(b []byte) byte {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return b[i]
		}
		i += size
	}
	return 0
}

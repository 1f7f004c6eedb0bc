package model

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestTimeInRangeIsWhatInt64NanosecondsHold(t *testing.T) {
	cases := []struct {
		name string
		at   time.Time
		ok   bool
	}{
		{"today", t0, true},
		{"the first storable nanosecond", time.Unix(0, -1<<63), true},
		{"the last storable nanosecond", time.Unix(0, 1<<63-1), true},
		{"a nanosecond later", time.Unix(0, 1<<63-1).Add(time.Nanosecond), false},
		{"the year 1600", time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{"the last day of 9999", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := TimeInRange(c.at); got != c.ok {
				t.Errorf("TimeInRange(%v) = %v", c.at, got)
			}
		})
	}
}

func TestEveryTimeOfARecordIsHeldToOneRange(t *testing.T) {
	late := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name   string
		break_ func(d *Document)
		want   string
	}{
		{"an approval", func(d *Document) { d.Events[1].Approvals = []Approval{{By: "alice", At: late}} }, `event D1: field "approvals" is 9999-12-31`},
		{"a closing time", func(d *Document) { d.Incident.ClosedAt = &late }, `incident INC-1: field "closed_at" is 9999-12-31`},
		{"an expiry", func(d *Document) { d.Events[0].ExpiresAt = &late }, `event S1: field "expires_at" is 9999-12-31`},
		{"an event", func(d *Document) { d.Events[2].At = late }, `event X1: field "at" is 9999-12-31`},
		{"a verdict", func(d *Document) { d.Reviews[0].At = late }, `review of S1: field "at" is 9999-12-31`},
	}
	for _, c := range cases {
		t.Run(c.name+" in 9999 is refused", func(t *testing.T) {
			d := validDoc()
			c.break_(&d)
			err := d.Validate()
			if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), c.want) || !strings.Contains(ErrorMessage(err), TimeRange) {
				t.Errorf("got %v; want %q and the range", err, c.want)
			}
		})
	}
}

// stringFields visits every string a value holds, at any depth, so a test
// can break each one in turn: a field added later is covered too.
func stringFields(v reflect.Value, visit func(s reflect.Value)) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		stringFields(v.Elem(), visit)
	case reflect.String:
		visit(v)
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				stringFields(v.Field(i), visit)
			}
		}
	case reflect.Slice:
		if v.Len() == 0 {
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		}
		for i := 0; i < v.Len(); i++ {
			stringFields(v.Index(i), visit)
		}
	}
}

func TestEveryTextFieldOfEveryRecordRefusesBytesThatAreNotUTF8(t *testing.T) {
	d := validDoc()
	late := t0.Add(time.Hour)
	records := map[string]func() (any, func() error){
		"incident": func() (any, func() error) { r := d.Incident; return &r, r.Validate },
		"person":   func() (any, func() error) { r := d.People[0]; return &r, r.Validate },
		"agent":    func() (any, func() error) { r := d.Agents[0]; return &r, r.Validate },
		"asset":    func() (any, func() error) { r := d.Assets[0]; return &r, r.Validate },
		"evidence": func() (any, func() error) { r := d.Evidence[0]; return &r, r.Validate },
		"event":    func() (any, func() error) { r := d.Events[1]; return &r, r.Validate },
		"review":   func() (any, func() error) { r := d.Reviews[0]; return &r, r.Validate },
		"training choice": func() (any, func() error) {
			r := TrainingChoice{Subject: "S1", Outcome: OutcomeApproved, Action: &Action{Type: "x"}, Rationale: "r", At: late}
			return &r, r.Validate
		},
		"training run": func() (any, func() error) {
			r := TrainingRun{Trainee: "alice", Incident: "INC-1", StartedAt: late}
			return &r, r.Validate
		},
		"status change": func() (any, func() error) {
			r := StatusChange{ID: "ST-1", Status: StatusContained, By: "alice", At: late, Rationale: "r"}
			return &r, r.Validate
		},
		"status request": func() (any, func() error) {
			r := StatusRequest{Incident: "INC-1", Status: StatusClosed, Person: "alice", Rationale: "r"}
			return &r, r.Validate
		},
		"hand-off note": func() (any, func() error) {
			r := HandoffNote{Incident: "INC-1", By: "alice", At: late, Text: "watch S1"}
			return &r, r.Validate
		},
		"decision request": func() (any, func() error) {
			r := DecideRequest{Incident: "INC-1", Suggestion: "S1", Person: "alice", Outcome: OutcomeApproved, Rationale: "r"}
			return &r, r.Validate
		},
	}
	for name, make := range records {
		first, _ := make()
		var n int
		stringFields(reflect.ValueOf(first), func(reflect.Value) { n++ })
		for k := 0; k < n; k++ {
			rec, validate := make()
			i := 0
			var broken string
			stringFields(reflect.ValueOf(rec), func(s reflect.Value) {
				if i == k {
					s.SetString(s.String() + "bad \xff byte")
					broken = s.String()
				}
				i++
			})
			// Validate was bound to the copy the closure made: run it on rec.
			validate = reflect.ValueOf(rec).MethodByName("Validate").Interface().(func() error)
			err := validate()
			msg := ErrorMessage(err)
			// Ids are refused as bad ids; every other text names UTF-8.
			if ErrorCode(err) != EINVALID || !(strings.Contains(msg, "not valid UTF-8") || strings.Contains(msg, "bad id") || strings.Contains(msg, "not an id") || strings.Contains(msg, "not an event id") || strings.Contains(msg, "not an incident id")) {
				t.Errorf("%s with %q in string %d: got %v; want it refused", name, broken, k, err)
			}
			if strings.Contains(msg, "\xff") || !utf8.ValidString(msg) {
				t.Errorf("%s: the sentence %q repeats the bad byte", name, msg)
			}
		}
	}
}

func TestQuoteCutsALongValueToAboutEightyCharacters(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"a short value is quoted whole", "ghost", `"ghost"`},
		{"a control character is shown", "a\x1bb", `"a\x1bb"`},
		{"ten thousand characters are cut", strings.Repeat("x", 10000), `"` + strings.Repeat("x", 77) + `"…`},
		{"a megabyte of wide characters is cut", strings.Repeat("é", 1<<19), `"` + strings.Repeat("é", 77) + `"…`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Quote(c.in); got != c.want {
				t.Errorf("Quote gave %d bytes %.100q; want %.100q", len(got), got, c.want)
			}
		})
	}
}

func TestBlankTextIsTextNobodyCanRead(t *testing.T) {
	cases := []struct {
		name  string
		text  string
		blank bool
	}{
		{"nothing", "", true},
		{"spaces, tabs and newlines", " \t\n\u00a0\u3000", true},
		{"a zero-width space", "\u200b", true},
		{"control characters", "\x01\x1b", true},
		{"bidi marks and a byte-order mark", "\u200e\u202e\ufeff\u2060", true},
		{"Hangul fillers and a braille blank", "\u3164\u115f\u2800", true},
		{"Khmer inherent vowels, a grapheme joiner and a Mongolian separator", "\u17b4\u17b5\u034f\u180e", true},
		{"variation selectors", "\ufe00\ufe0f\U000e0100\u180b", true},
		{"tags and the other fillers", "\U000e0000\U000e0041\u1160\uffa0\ufff0\u2065", true},
		{"a word", "ok", false},
		{"a word between zero-width spaces", "\u200bok\u200b", false},
		{"a lone dot", ".", false},
	}
	for _, tc := range cases {
		t.Run(tc.name+" blank: "+strconv.FormatBool(tc.blank), func(t *testing.T) {
			if got := Blank(tc.text); got != tc.blank {
				t.Errorf("Blank(%q) = %v", tc.text, got)
			}
		})
	}
}

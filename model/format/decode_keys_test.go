package format

import (
	"errors"
	"testing"
)

func TestCheckKeysFindsOnlyKeysSpelledOtherwise(t *testing.T) {
	cases := []struct {
		name, raw, key string // key is "" when the value must pass
	}{
		{"exact names pass", `{"id": "E1", "action": {"type": "x", "target": "y"}}`, ""},
		{"a value that looks like a key passes", `{"summary": "\"Summary\": not a key", "detail": "a\\"}`, ""},
		{"an escaped key spelled as the format spells it passes", `{"\u0073ummary": "x"}`, ""},
		{"a capitalised key is found", `{"id": "E1", "Summary": "x"}`, "Summary"},
		{"a key inside a list of objects is found", `{"approvals": [{"by": "a", "AT": "t"}]}`, "AT"},
		{"a key after an escaped quote is found", `{"summary": "say \"hi\"", "Detail" : "x"}`, "Detail"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := checkKeys([]byte(c.raw))
			var ke *keyCaseError
			switch {
			case c.key == "" && err != nil:
				t.Errorf("got %v; want no error", err)
			case c.key != "" && (!errors.As(err, &ke) || ke.key != c.key || c.raw[ke.off:ke.off+int64(len(c.key))+2] != `"`+c.key+`"`):
				t.Errorf("got %v; want the key %q found at its opening quote", err, c.key)
			}
		})
	}
}

func TestFormatNamesAreLowerCase(t *testing.T) {
	names := formatNames() // panics on a name checkKeys could not trust
	for _, want := range []string{"record", "format", "summary", "type", "evidence_reviewed"} {
		if !names[want] {
			t.Errorf("the format's names lack %q", want)
		}
	}
}

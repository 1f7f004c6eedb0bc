package db

import (
	"encoding/json"
	"testing"
)

// A queue row's confidence is read without encoding/json when it is a
// plain decimal; every text must still come out as encoding/json reads it.
func TestJSONNumberReadsAsEncodingJSON(t *testing.T) {
	for _, text := range []string{
		"0", "1", "0.9", "0.25", "10.5", "0.1234567890123456789", "12345678901234567890",
		"00", "01", ".5", "5.", "1.2.3", "-0.5", "1e-3", "1E2", "+1", "0x10", "Inf", "NaN", "1_0", " 1", "1 ",
	} {
		t.Run(text, func(t *testing.T) {
			var want float64
			wantErr := json.Unmarshal([]byte(text), &want)
			got, err := jsonNumber(text)
			if (err != nil) != (wantErr != nil) {
				t.Fatalf("jsonNumber(%q) error %v, encoding/json %v", text, err, wantErr)
			}
			if err == nil && *got != want {
				t.Fatalf("jsonNumber(%q) = %v, encoding/json %v", text, *got, want)
			}
		})
	}
	if got, err := jsonNumber("null"); got != nil || err != nil {
		t.Fatalf("null = %v, %v; want no number", got, err)
	}
}

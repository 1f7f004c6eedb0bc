package ocsf

import (
	"testing"

	"github.com/signoff/signoff/model/export/exporttest"
)

func TestAppendJSONWritesWhatTheReflectionEncoderWrites(t *testing.T) {
	exporttest.MatchesReflection(t, 5000, func(e *Event) ([]byte, error) { return e.AppendJSON(nil) })
}

package timesketch

import (
	"testing"

	"github.com/signoff/signoff/model/export/exporttest"
)

func TestAppendJSONWritesWhatTheReflectionEncoderWrites(t *testing.T) {
	exporttest.MatchesReflection(t, 5000, func(l *Line) ([]byte, error) { return l.AppendJSON(nil) })
}

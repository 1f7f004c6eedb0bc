package review

import (
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// An incident stored before ids that read alike were refused may hold
// "alice" and Cyrillic "аlice", or assets "prod-db" and "prоd-db"; on
// screen each looks like its twin. Where the pane names one, a marker
// spells both out in ASCII escapes: the store found the pairs (the
// roster's Alike), so this costs a map lookup.

// whoAlike marks a person or agent id that reads like another's.
func (x rosterIndex) whoAlike(id string) safetext.Text { return alikeMark(x.Alike.Who, id) }

// assetAlike marks an asset id that reads like another's.
func (x rosterIndex) assetAlike(id string) safetext.Text { return alikeMark(x.Alike.Assets, id) }

func alikeMark(t model.Twins, id string) safetext.Text {
	twin, ok := t.Of(id)
	if !ok {
		return ""
	}
	return " " + common.AlikeMark(id, twin)
}

package main

import (
	"fmt"

	"github.com/signoff/signoff/model"
)

// An incident stored before imports refused incident ids that read alike
// may sit beside its look-alike ("INC‐2041" with a U+2010 hyphen beside
// "INC-2041"). The store lists which (IncidentSummary.ReadsLike); these
// say so in the escapes that tell the two apart (common.AlikeMark).

// incidentAlikeNote is what export says on stderr of such an incident.
func incidentAlikeNote(incident, twin string) string {
	return fmt.Sprintf(`incident %s reads like incident %s: it was stored before signoff refused incident ids that read alike; the export is the record as stored, but "signoff import" will refuse this document into a database holding %s; "signoff copy" moves the whole database as stored.`,
		model.Spelt(incident), model.Spelt(twin), model.Spelt(twin))
}

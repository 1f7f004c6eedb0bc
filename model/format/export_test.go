package format

import "github.com/signoff/signoff/model"

// FastEvent and FastEvidence report whether a payload stays on the fast
// path of DecodeEvent and DecodeEvidence.
func FastEvent(p string) bool {
	d := payloadDecoder{s: p}
	var e model.Event
	return d.event(&e) && d.end()
}

func FastEvidence(p string) bool {
	d := payloadDecoder{s: p}
	var e model.Evidence
	return d.evidence(&e) && d.end()
}

// LegacyDecodeDocument is the document decoder as it was before documents
// were read as a stream, for the fuzz target (package format_test).
var LegacyDecodeDocument = legacyDecodeDocument

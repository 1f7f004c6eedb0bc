package format

// LegacyDecodeDocument is the document decoder as it was before documents
// were read as a stream, for the fuzz target (package format_test).
var LegacyDecodeDocument = legacyDecodeDocument

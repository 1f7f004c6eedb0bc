package export

import "github.com/signoff/signoff/model/format"

// The exports write their lines with hand-written encoders (AppendJSON in
// each mapping) that give the bytes json.Encoder with SetEscapeHTML(false)
// gives; these write the fields they share. Each field after an object's
// first starts with its comma.

// AppendName writes ,"name": before a field's value.
func AppendName(b []byte, name string) []byte {
	b = append(b, ',', '"')
	b = append(b, name...)
	return append(b, '"', ':')
}

// AppendStringField writes ,"name":"value"; with omitEmpty (the field's
// omitempty) an empty value is left out.
func AppendStringField(b []byte, name, value string, omitEmpty bool) []byte {
	if omitEmpty && value == "" {
		return b
	}
	return format.AppendStringKeepHTML(AppendName(b, name), value)
}

// AppendStringsField writes ,"name":[…]: a nil list is null; with
// omitEmpty a nil or empty list is left out.
func AppendStringsField(b []byte, name string, values []string, omitEmpty bool) []byte {
	if omitEmpty && len(values) == 0 {
		return b
	}
	return AppendStrings(AppendName(b, name), values)
}

// AppendStrings writes a list of strings, nil as null.
func AppendStrings(b []byte, values []string) []byte {
	if values == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, v := range values {
		if i > 0 {
			b = append(b, ',')
		}
		b = format.AppendStringKeepHTML(b, v)
	}
	return append(b, ']')
}

// AppendFinding writes a finding as its json tags say.
func AppendFinding(b []byte, f Finding) []byte {
	b = append(b, `{"code":`...)
	b = format.AppendStringKeepHTML(b, f.Code)
	b = AppendStringField(b, "level", f.Level, false)
	b = AppendStringField(b, "message", f.Message, false)
	return append(b, '}')
}

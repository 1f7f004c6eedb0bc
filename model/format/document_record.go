package format

import (
	"fmt"

	"github.com/signoff/signoff/model"
)

// DecodeDocRecord decodes again the bytes of a record that ReadDocument
// handed over from list (DocRecord.Raw), the same way, into the same
// value. An error means the bytes are not those it handed over.
func DecodeDocRecord(list string, raw []byte) (any, error) {
	switch list {
	case "incident":
		return decodeAgain(raw, (*model.Incident).Validate)
	case "people":
		return decodeAgain(raw, (*model.Person).Validate)
	case "agents":
		return decodeAgain(raw, (*model.Agent).Validate)
	case "assets":
		return decodeAgain(raw, (*model.Asset).Validate)
	case "evidence":
		return decodeAgain(raw, (*model.Evidence).Validate)
	case "events":
		return decodeAgain(raw, (*model.Event).Validate)
	case "reviews":
		return decodeAgain(raw, (*model.Review).Validate)
	case "status_changes":
		return decodeAgain(raw, (*model.StatusChange).Validate)
	}
	return nil, fmt.Errorf("a document has no list %q", list)
}

// decodeAgain is what one does to a record's bytes: a strict decode, its
// own checks, its normal form.
func decodeAgain[T any](raw []byte, validate func(*T) error) (any, error) {
	v := new(T)
	if err := strict(raw, v); err != nil {
		return nil, err
	}
	if err := validate(v); err != nil {
		return nil, err
	}
	if n, ok := any(v).(interface{ Normalize() }); ok {
		n.Normalize()
	}
	return v, nil
}

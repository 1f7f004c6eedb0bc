package format

import (
	"encoding/json"
	"reflect"
	"strings"

	"github.com/signoff/signoff/model"
)

// FirstDifference names the first field, as the format spells it, in
// which two incident headers differ, or "" when they are the same. A stream
// that appends to a stored incident must repeat its header unchanged.
func FirstDifference(a, b model.Incident) string {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	var ma, mb map[string]any
	json.Unmarshal(ja, &ma)
	json.Unmarshal(jb, &mb)
	t := reflect.TypeOf(a)
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if !reflect.DeepEqual(ma[name], mb[name]) {
			return name
		}
	}
	return ""
}

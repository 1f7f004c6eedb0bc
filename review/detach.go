package review

import (
	"reflect"
	"strings"
)

// detached is a deep copy of v whose strings are copies too. The store
// decodes a record's strings as slices of its payload, so a scorecard that
// kept a decision as read would keep every payload it came from: at a
// million events, a few hundred megabytes for a few short fields.
func detached[T any](v T) T {
	out := reflect.New(reflect.TypeOf(&v).Elem()).Elem()
	detach(out, reflect.ValueOf(&v).Elem())
	return out.Interface().(T)
}

// detach sets dst, settable, to a deep copy of src.
func detach(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.String:
		dst.SetString(strings.Clone(src.String()))
	case reflect.Pointer:
		if !src.IsNil() {
			p := reflect.New(src.Type().Elem())
			detach(p.Elem(), src.Elem())
			dst.Set(p)
		}
	case reflect.Slice:
		if !src.IsNil() {
			s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
			for i := 0; i < src.Len(); i++ {
				detach(s.Index(i), src.Index(i))
			}
			dst.Set(s)
		}
	case reflect.Struct:
		if !hasExportedOnly(src.Type()) {
			dst.Set(src) // a struct with hidden fields (time.Time) holds no payload text
			return
		}
		for i := 0; i < src.NumField(); i++ {
			detach(dst.Field(i), src.Field(i))
		}
	default:
		dst.Set(src)
	}
}

func hasExportedOnly(t reflect.Type) bool {
	for i := 0; i < t.NumField(); i++ {
		if !t.Field(i).IsExported() {
			return false
		}
	}
	return true
}

package sqliteread

import "testing"

func TestTypeIsTheStorageClassOfTheValue(t *testing.T) {
	c, err := Open(made(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, err := c.Prepare("SELECT n, b, 1.5, 'x' FROM t ORDER BY n")
	if err != nil {
		t.Fatal(err)
	}
	want := [][4]int{{Integer, Text, Float, Text}, {Integer, Blob, Float, Text}, {Integer, Null, Float, Text}}
	for i := 0; ; i++ {
		ok, err := s.Step()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			if i != len(want) {
				t.Errorf("%d rows, want %d", i, len(want))
			}
			break
		}
		if got := s.Float64(2); got != 1.5 {
			t.Errorf("row %d: Float64 %v, want 1.5", i+1, got)
		}
		for col, w := range want[i] {
			if got := s.Type(col); got != w {
				t.Errorf("row %d, column %d: type %d, want %d", i+1, col, got, w)
			}
		}
	}
	s.Close()
	if got := s.Type(0); got != Null {
		t.Errorf("a closed statement's column: type %d, want Null (%d)", got, Null)
	}
}

package engine

import (
	"testing"
	"testing/fstest"
)

func TestMigrationsAreListedInVersionOrder(t *testing.T) {
	files := fstest.MapFS{
		"migrations/0010_later.sql":  {Data: []byte("B")},
		"migrations/0002_second.sql": {Data: []byte("A")},
	}
	ms := Migrations(files, "test")
	if len(ms) != 2 || ms[0].Version != 2 || ms[0].Name != "0002_second.sql" || ms[0].SQL != "A" || ms[1].Version != 10 {
		t.Fatalf("got %+v", ms)
	}
}

func TestAMigrationFileNamedOtherwiseIsABuildMistake(t *testing.T) {
	defer func() {
		if r := recover(); r != "test: migration file notes.sql is not named NNNN_name.sql" {
			t.Fatalf("panic %v", r)
		}
	}()
	Migrations(fstest.MapFS{"migrations/notes.sql": {}}, "test")
}

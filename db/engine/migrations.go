package engine

import (
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migration is one numbered change to an engine's schema: each engine
// keeps its own, as NNNN_name.sql files in a folder named migrations,
// under the same rules (applied in order, each once, each in its own
// transaction; a schema from a newer build is refused).
type Migration struct {
	Version int64
	Name    string
	SQL     string
}

// Migrations lists the migrations folder of files in version order. A
// file not named NNNN_name.sql is a mistake in the build, not in a
// database, so it panics (in every test); owner names the engine.
func Migrations(files fs.FS, owner string) []Migration {
	entries, err := fs.ReadDir(files, "migrations")
	if err != nil {
		panic(err)
	}
	var ms []Migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.ParseInt(num, 10, 64)
		if !ok || err != nil || v <= 0 {
			panic(owner + ": migration file " + e.Name() + " is not named NNNN_name.sql")
		}
		body, err := fs.ReadFile(files, path.Join("migrations", e.Name()))
		if err != nil {
			panic(err)
		}
		ms = append(ms, Migration{Version: v, Name: e.Name(), SQL: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	return ms
}

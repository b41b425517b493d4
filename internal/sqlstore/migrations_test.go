package sqlstore

import (
	"io/fs"
	"testing"
)

// TestMigrationsFormOneSequence: each dialect sees the common files and its
// own, every number once, and the same numbers on both dialects (a
// migration written for one database only would leave the other behind).
func TestMigrationsFormOneSequence(t *testing.T) {
	names := map[string][]string{}
	for _, d := range []string{SQLite, Postgres} {
		fsys, err := migrationsFor(d)
		if err != nil {
			t.Fatal(err)
		}
		entries, err := fs.ReadDir(fsys, ".")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if _, err := fs.ReadFile(fsys, e.Name()); err != nil {
				t.Errorf("%s: %s does not open: %v", d, e.Name(), err)
			}
			names[d] = append(names[d], e.Name())
		}
	}
	if len(names[SQLite]) == 0 || len(names[SQLite]) != len(names[Postgres]) {
		t.Fatalf("sqlite %v, postgres %v", names[SQLite], names[Postgres])
	}
	for i := range names[SQLite] {
		if names[SQLite][i] != names[Postgres][i] {
			t.Errorf("migration %d: %s on SQLite, %s on PostgreSQL", i, names[SQLite][i], names[Postgres][i])
		}
	}
}

package sqlstore

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// migrations holds the schema: migrations/common for the SQL both
// databases accept as written, migrations/sqlite and migrations/postgres
// for what differs (triggers, full-text search). One numbered sequence runs
// across the three folders; a number is in exactly one of them.
//
//go:embed migrations
var migrations embed.FS

// migrationsFor is the folder goose reads for a dialect: common and the
// dialect's own, merged.
func migrationsFor(dialect string) (fs.FS, error) {
	common, err := fs.Sub(migrations, "migrations/common")
	if err != nil {
		return nil, err
	}
	own, err := fs.Sub(migrations, "migrations/"+dialect)
	if err != nil {
		return nil, err
	}
	u := unionFS{common, own}
	// A number in two folders would run one file and silently skip the
	// other; refuse at start instead.
	seen := map[string]string{}
	entries, err := u.ReadDir(".")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		num, _, _ := strings.Cut(e.Name(), "_")
		if prev, ok := seen[num]; ok {
			return nil, fmt.Errorf("migrations: %s and %s share number %s", prev, e.Name(), num)
		}
		seen[num] = e.Name()
	}
	return u, nil
}

// unionFS is two flat folders read as one.
type unionFS []fs.FS

func (u unionFS) Open(name string) (fs.File, error) {
	for _, layer := range u {
		if f, err := layer.Open(name); err == nil {
			return f, nil
		}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func (u unionFS) ReadDir(name string) ([]fs.DirEntry, error) {
	var out []fs.DirEntry
	for _, layer := range u {
		entries, err := fs.ReadDir(layer, name)
		if err != nil {
			return nil, err
		}
		out = append(out, entries...)
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

package testdb

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// initdb dominates cluster start, many times copying its result onto tmpfs
// and starting the server, and `go test ./...` pays it once per package. So the
// first cluster on a machine keeps a pristine copy of its freshly initialised
// (never started) data directory in the user cache, and later clusters copy
// that instead of running initdb again.

// templateFormat changes whenever initdb's arguments do, so templates made
// with old settings are never reused.
const templateFormat = "v1 -U postgres -A trust -E UTF8 C.UTF-8"

// templateCacheRoot is where templates live, or "" when the user has no
// cache directory (then every cluster runs initdb).
func templateCacheRoot() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "damlam-testdb")
}

// templateKey identifies the server build: a different path, or a package
// upgrade that replaced the binaries, gives a different key, because a data
// directory only works with the major version that created it.
func templateKey(bin string) (string, bool) {
	h := sha256.New()
	fmt.Fprintln(h, templateFormat, bin)
	for _, name := range []string{"initdb", "postgres"} {
		fi, err := os.Stat(filepath.Join(bin, name))
		if err != nil {
			return "", false
		}
		fmt.Fprintln(h, name, fi.Size(), fi.ModTime().UnixNano())
	}
	return hex.EncodeToString(h.Sum(nil))[:16], true
}

// prepareData fills the cluster's data directory from the cached template
// when there is one, and otherwise runs initdb and caches the result.
func (c *cluster) prepareData(bin string, as *runAs, cacheRoot string) error {
	began := time.Now()
	defer func() { c.prepareTime = time.Since(began) }()
	key, ok := templateKey(bin)
	if cacheRoot == "" || !ok {
		return c.initdb(bin, as)
	}
	tmpl := filepath.Join(cacheRoot, "pgdata-"+key)
	if fi, err := os.Stat(filepath.Join(tmpl, "PG_VERSION")); err == nil && fi.Mode().IsRegular() {
		if err := copyTree(tmpl, c.dataDir(), as); err == nil {
			c.fromTemplate = true
			return nil
		}
		// A damaged or vanished template is no reason to fail: start clean.
		os.RemoveAll(c.dataDir())
	}
	if err := c.initdb(bin, as); err != nil {
		return err
	}
	saveTemplate(c.dataDir(), cacheRoot, key)
	return nil
}

// saveTemplate copies a never-started data directory into the cache. It is
// best effort: any failure just means the next cluster runs initdb too. The
// copy is assembled under a temporary name and renamed into place, so readers
// never see a partial template, and of several binaries racing to save one,
// the first rename wins and the others discard theirs.
func saveTemplate(data, cacheRoot, key string) {
	if err := os.MkdirAll(cacheRoot, 0o700); err != nil {
		return
	}
	pruneTemplates(cacheRoot, key)
	tmp, err := os.MkdirTemp(cacheRoot, "tmp-")
	if err != nil {
		return
	}
	defer os.RemoveAll(tmp)
	staged := filepath.Join(tmp, "data")
	if err := copyTree(data, staged, nil); err != nil {
		return
	}
	os.Rename(staged, filepath.Join(cacheRoot, "pgdata-"+key))
}

// pruneTemplates deletes templates of other server builds (left by package
// upgrades) and staging directories abandoned by killed runs.
func pruneTemplates(cacheRoot, keep string) {
	entries, err := os.ReadDir(cacheRoot)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(cacheRoot, name)
		switch {
		case strings.HasPrefix(name, "pgdata-") && name != "pgdata-"+keep:
			os.RemoveAll(path)
		case strings.HasPrefix(name, "tmp-"):
			// Staging takes well under a second; an hour-old one is abandoned.
			if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > time.Hour {
				os.RemoveAll(path)
			}
		}
	}
}

// copyTree copies the directory src to the new path dst, keeping permission
// bits exactly (PostgreSQL refuses a data directory with loose permissions)
// and, when as is set, giving everything to the server account.
func copyTree(src, dst string, as *runAs) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			err = os.Mkdir(target, 0o700)
		case d.Type()&fs.ModeSymlink != 0:
			var link string
			if link, err = os.Readlink(path); err == nil {
				err = os.Symlink(link, target)
			}
		case d.Type().IsRegular():
			err = copyFile(path, target)
		default:
			return fmt.Errorf("copy %s: unexpected file type %v", path, d.Type())
		}
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink == 0 {
			// Explicit chmod: the umask must not alter what PostgreSQL checks.
			if err := os.Chmod(target, info.Mode().Perm()); err != nil {
				return err
			}
		}
		if as != nil {
			return os.Lchown(target, int(as.uid), int(as.gid))
		}
		return nil
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

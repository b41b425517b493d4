// Package fsutil holds the file-system steps that more than one package
// needs done the same careful way.
package fsutil

import (
	"errors"
	"io"
	"os"
	"path/filepath"
)

// WriteFileAtomic replaces name with data so that a crash leaves either
// the old or the new content, never a torn file: write a temporary file
// beside it, fsync it, rename it over, fsync the folder. The file is
// created 0600 (os.CreateTemp's mode), which suits keys and state alike.
func WriteFileAtomic(name string, data []byte) error {
	return WriteAtomic(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteAtomic is WriteFileAtomic for content written as it is made (a
// dossier's zip): write writes it to the temporary file.
func WriteAtomic(name string, write func(io.Writer) error) error {
	dir := filepath.Dir(name)
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	// A temporary file renamed into place is not there to remove: two
	// system calls fewer for every write.
	tmp := f.Name()
	renamed := false
	defer func() {
		if !renamed {
			os.Remove(tmp)
		}
	}()
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		return err
	}
	renamed = true
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	// Some file systems cannot fsync a folder; the rename is then as
	// durable as they make it.
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}

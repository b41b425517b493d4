package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// cmdDocument writes one official document of a case, as its unit's
// register holds it, to a PDF file.
func cmdDocument(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "document", "document CASE NUMBER -o FILE.pdf [--data DIR | --db URL]   (NUMBER: 12, 12/QĐ-UBND or UNIT-YEAR-NUMBER)")
	var d dataFlags
	d.register(fs, e)
	out := fs.String("o", "", "tệp PDF / output file (.pdf)")
	// Accept the case and the number before, between or after the flags.
	var pos []string
	for {
		for len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
			pos, args = append(pos, args[0]), args[1:]
		}
		if ok, err := parse(fs, args); !ok {
			return err
		}
		if args = fs.Args(); len(args) == 0 {
			break
		}
	}
	if len(pos) != 2 || *out == "" {
		fs.Usage()
		return errUsage
	}
	a, err := d.open(ctx, nowFunc(e))
	if err != nil {
		return err
	}
	defer a.Close()
	doc, pdf, err := a.store.CaseDocumentAsSystem(ctx, pos[0], pos[1])
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".document-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(pdf); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "đã xuất văn bản / document written: %s (%s, %s, SHA-256 %s)\n", *out, doc.Reference, doc.UnitName, doc.SHA256)
	return nil
}

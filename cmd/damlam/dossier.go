package main

import (
	"context"
	"fmt"

	"damlam/internal/fsutil"
)

func cmdDossier(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "dossier", "dossier CASE -o FILE.zip [--data DIR | --db URL]")
	var d dataFlags
	d.register(fs, e)
	out := fs.String("o", "", "tệp hồ sơ / output file (.zip)")
	// Accept the case before or after the flags, as people type it.
	caseID := ""
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		caseID, args = args[0], args[1:]
	}
	if ok, err := parse(fs, args); !ok {
		return err
	}
	if caseID == "" && fs.NArg() == 1 {
		caseID = fs.Arg(0)
	}
	if caseID == "" || *out == "" {
		fs.Usage()
		return errUsage
	}
	a, err := d.open(ctx, nowFunc(e))
	if err != nil {
		return err
	}
	defer a.Close()
	dossier, err := a.store.DossierAsSystem(ctx, caseID)
	if err != nil {
		return err
	}
	if err := fsutil.WriteAtomic(*out, dossier.WriteZip); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "đã xuất hồ sơ / dossier written: %s (%d sự kiện / events)\n", *out, len(dossier.Leaves))
	return nil
}

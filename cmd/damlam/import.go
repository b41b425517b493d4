package main

import (
	"context"
	"damlam/internal/casework"
	"fmt"
	"os"
)

func cmdImport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "import", `import units|people FILE.csv [--data DIR | --db URL]

  units:  id,parent_id,name,kind,party_committee   (cấp trên trước cấp dưới / parents first)
  people: id,name,email,unit_id,position,roles      (roles: party_committee;inspector;…)
  Một dòng lỗi thì không nhập gì / one bad line imports nothing.`)
	var d dataFlags
	d.register(fs, e)
	if ok, err := parse(fs, args); !ok {
		return err
	}
	if fs.NArg() != 2 || (fs.Arg(0) != "units" && fs.Arg(0) != "people") {
		fs.Usage()
		return errUsage
	}
	f, err := os.Open(fs.Arg(1))
	if err != nil {
		return err
	}
	defer f.Close()
	a, err := d.open(ctx, nowFunc(e))
	if err != nil {
		return err
	}
	defer a.Close()
	var n int
	if fs.Arg(0) == "units" {
		n, err = casework.New(a.store).ImportUnits(ctx, nil, f)
	} else {
		n, err = casework.New(a.store).ImportPeople(ctx, nil, f)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "đã nhập %d dòng / imported %d rows\n", n, n)
	return nil
}

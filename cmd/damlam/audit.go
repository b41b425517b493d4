package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

func cmdAudit(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "audit", "audit [--data DIR | --db URL] [--json]")
	var d dataFlags
	d.register(fs, e)
	asJSON := fs.Bool("json", false, "kết quả dạng JSON / print JSON")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	a, err := d.open(ctx, nowFunc(e))
	if err != nil {
		return err
	}
	defer a.Close()
	rep, err := a.store.Audit(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
	} else {
		fmt.Fprintf(e.stdout, "sổ ghi / log: %d mục / entries; %d sự kiện / events; %d đề xuất / cases\n", rep.LogSize, rep.Events, rep.Cases)
		for _, p := range rep.Problems {
			fmt.Fprintln(e.stdout, "SAI / MISMATCH:", p)
		}
		if rep.OK() {
			fmt.Fprintln(e.stdout, "khớp toàn bộ / audit clean")
		}
	}
	if !rep.OK() {
		return errors.New("audit found mismatches / kiểm tra phát hiện sai lệch")
	}
	return nil
}

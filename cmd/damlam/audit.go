package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"

	"damlam/internal/ledger"
)

func cmdAudit(ctx context.Context, e *env, args []string) error {
	var asJSON *bool
	return withData(ctx, e, "audit", "audit [--data DIR | --db URL] [--json]", args,
		func(fs *flag.FlagSet) { asJSON = fs.Bool("json", false, "kết quả dạng JSON / print JSON") },
		func(a *app, _ *flag.FlagSet) error {
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
				// The tree head lets two databases (a migration's source
				// and target, a backup and its restore) be compared.
				size, root, err := ledger.TreeHead(ctx, a.db.DB)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "cây / tree: %s\n", treeLine(size, root))
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
		})
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"damlam/internal/ledger"
	"damlam/internal/sqlstore"
	"damlam/internal/witness"
)

const auditUsage = `audit [--data DIR | --db URL] [--json] [--checkpoint FILE]... [--witness URL=KEY_FILE]... [--repair-projection]

Kiểm tra lại toàn bộ: tính lại cây Merkle từ các mục của sổ ghi, so từng hash và từng
checkpoint đã ký (chữ ký, kích thước, gốc), dựng lại từng mục từ dữ liệu nghiệp vụ, phát lại
sự kiện của từng đề xuất và so từng cột, từng phiếu biểu quyết, từng tài liệu. Lệnh chỉ đọc: mở
cơ sở dữ liệu ở chế độ chỉ đọc, không nâng cấp lược đồ, không ký, không ghi vào thư mục khóa.
Vẫn chạy được khi "damlam serve" từ chối khởi động, và nói vì sao. Mỗi sai lệch in một dòng
"SAI / MISMATCH" nêu bảng, dòng, cột; có sai lệch thì thoát với mã khác 0.
--checkpoint và --witness so thêm với checkpoint giữ ở nơi khác (như "damlam serve").
--repair-projection (dừng các máy chủ trước): sau báo cáo, dựng lại các cột suy ra của đề xuất
và bảng phiếu từ sự kiện trong sổ ghi, trong một giao dịch, in từng thay đổi rồi kiểm tra lại;
từ chối, không đổi gì, nếu sổ ghi không khớp hoặc một sự kiện không khớp mục của nó.

Audits everything: recomputes the Merkle tree from the log's entries, compares every stored
hash and every signed checkpoint (signature, size, root), re-derives every entry from the
business rows, replays each case's events and compares every column, ballot and document. It
only reads: the database is opened read-only, the schema is not migrated (a schema that is
not the latest is reported and the audit stops), nothing is signed, nothing is written to the
key folder. It runs when "damlam serve" refuses to start, and says why. Each mismatch is a
"SAI / MISMATCH" line naming the table, row and column; any mismatch exits non-zero.
--checkpoint and --witness also compare with checkpoints held elsewhere (as "damlam serve").
--repair-projection (stop the servers first): after the report, rebuilds the cases' derived
columns and the votes table from the log's events in one transaction, prints each change and
audits again; it refuses, changing nothing, if the log does not verify or an event row does
not match its entry.`

func cmdAudit(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "audit", auditUsage)
	var d dataFlags
	d.register(fs, e)
	asJSON := fs.Bool("json", false, "kết quả dạng JSON / print JSON")
	repair := fs.Bool("repair-projection", false, "sau báo cáo, dựng lại các cột suy ra và phiếu biểu quyết từ sổ ghi / "+
		"after the report, rebuild the derived columns and ballots from the log")
	var checkpoints, witnesses multiFlag
	fs.Var(&checkpoints, "checkpoint", "checkpoint đã công bố mà cơ sở dữ liệu phải chứa / a published checkpoint of this log the database must hold (repeatable)")
	fs.Var(&witnesses, "witness", "nhân chứng, URL=KEY_FILE; so với checkpoint mới nhất nhân chứng đã đồng ký / "+
		"a witness, URL=KEY_FILE (repeatable): compare with the latest checkpoint it cosigned")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	clients, err := parseWitnesses(witnesses)
	if err != nil {
		return err
	}
	a, err := d.openAudit(ctx, nowFunc(e))
	if err != nil {
		return err
	}
	defer a.Close()
	rep, err := auditAll(ctx, a, checkpoints, clients)
	if err != nil {
		return err
	}
	// The tree head lets two databases (a migration's source and
	// target, a backup and its restore) be compared.
	size, root, err := ledger.TreeHead(ctx, a.db.DB)
	if err != nil {
		return err
	}
	if !*repair {
		if *asJSON {
			writeJSON(e.stdout, rep)
		} else {
			printAudit(e.stdout, rep, size, root)
		}
		return auditResult(rep)
	}

	if !*asJSON {
		printAudit(e.stdout, rep, size, root)
	}
	fixed, err := repairProjection(ctx, &d, nowFunc(e))
	var refused *sqlstore.RepairRefusedError
	if errors.As(err, &refused) {
		if *asJSON {
			writeJSON(e.stdout, map[string]any{"audit": rep, "repair_refused": refused.Problems})
		} else {
			for _, p := range refused.Problems {
				fmt.Fprintln(e.stdout, "KHÔNG DỰNG LẠI / REPAIR REFUSED:", p)
			}
		}
		return err
	}
	if err != nil {
		return err
	}
	after, err := auditAll(ctx, a, checkpoints, clients)
	if err != nil {
		return err
	}
	if *asJSON {
		writeJSON(e.stdout, map[string]any{"audit": rep, "repair": fixed, "after": after})
		return auditResult(after)
	}
	for _, c := range fixed.Changed {
		fmt.Fprintln(e.stdout, "ĐÃ SỬA / REPAIRED:", c)
	}
	for _, s := range fixed.Skipped {
		fmt.Fprintln(e.stdout, "BỎ QUA / SKIPPED:", s)
	}
	fmt.Fprintf(e.stdout, "đã dựng lại %d đề xuất từ sổ ghi, %d thay đổi / rebuilt %d cases from the log, %d changes\n",
		fixed.Cases, len(fixed.Changed), fixed.Cases, len(fixed.Changed))
	fmt.Fprintln(e.stdout, "kiểm tra lại / audit again:")
	printAudit(e.stdout, after, size, root)
	return auditResult(after)
}

// openAudit opens the deployment for reading only: the database
// read-only and at the latest schema (it is not migrated), the log in
// audit mode (no key created, nothing signed or stored, nothing written
// to the key folder, and a start-up check that fails is a finding, not a
// refusal). Nothing is created, not even the data folder.
func (d *dataFlags) openAudit(ctx context.Context, now func() time.Time) (*app, error) {
	target, err := d.auditTarget()
	if err != nil {
		return nil, err
	}
	db, err := sqlstore.OpenReadOnly(ctx, target)
	if err != nil {
		return nil, err
	}
	lg, err := ledger.OpenAudit(ctx, db.DB, d.ledgerConfig(db.Dialect, now))
	if err != nil {
		db.Close()
		return nil, err
	}
	store := sqlstore.New(db, lg, sqlstore.Config{Now: now, AttachmentDir: filepath.Join(d.data, "attachments")})
	return &app{db: db, log: lg, store: store}, nil
}

// auditTarget is the database the flags name; an SQLite file must exist
// (opening it read-only could not create it, and should not).
func (d *dataFlags) auditTarget() (string, error) {
	if d.db != "" {
		return d.db, nil
	}
	path := filepath.Join(d.data, "damlam.db")
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("không có cơ sở dữ liệu / no database at %s (--data DIR, or --db URL): %w", path, err)
	}
	return "sqlite:" + path, nil
}

func (d *dataFlags) ledgerConfig(dialect string, now func() time.Time) ledger.Config {
	return ledger.Config{Origin: d.origin, Dialect: dialect, KeyDir: filepath.Join(d.data, "log-key"), Now: now}
}

// auditAll is the store's audit, then the checkpoints held outside the
// database that the command was given.
func auditAll(ctx context.Context, a *app, checkpoints []string, witnesses []*witness.Client) (sqlstore.AuditReport, error) {
	rep, err := a.store.Audit(ctx)
	if err != nil {
		return rep, err
	}
	held := func(holder string, msg []byte) error {
		problems, err := a.log.CheckHeld(ctx, holder, msg)
		rep.Problems = append(rep.Problems, problems...)
		return err
	}
	for _, f := range checkpoints {
		b, err := os.ReadFile(f)
		if err != nil {
			return rep, err
		}
		if err := held("the published checkpoint in "+f, b); err != nil {
			return rep, err
		}
	}
	for _, c := range witnesses {
		wctx, cancel := context.WithTimeout(ctx, witnessStartTimeout)
		w, err := c.Latest(wctx, a.log.Origin())
		cancel()
		name := "witness " + c.Verifier.Name()
		switch {
		case err != nil:
			// Asked for and not checked: the audit cannot say it holds.
			rep.Problems = append(rep.Problems, fmt.Sprintf("%s: could not be asked (%v): the database was not checked against it", name, err))
		case w != nil:
			if err := held(name, w.Note); err != nil {
				return rep, err
			}
		}
	}
	return rep, nil
}

// repairProjection opens the database read-write, without migrating (the
// audit found its schema current) and with the log in audit mode (the
// repair signs nothing and appends nothing), and rebuilds the projection.
func repairProjection(ctx context.Context, d *dataFlags, now func() time.Time) (sqlstore.RepairReport, error) {
	target, err := d.auditTarget()
	if err != nil {
		return sqlstore.RepairReport{}, err
	}
	db, err := sqlstore.OpenCurrent(ctx, target)
	if err != nil {
		return sqlstore.RepairReport{}, err
	}
	defer db.Close()
	lg, err := ledger.OpenAudit(ctx, db.DB, d.ledgerConfig(db.Dialect, now))
	if err != nil {
		return sqlstore.RepairReport{}, err
	}
	return sqlstore.New(db, lg, sqlstore.Config{Now: now}).RepairProjection(ctx)
}

func printAudit(w io.Writer, rep sqlstore.AuditReport, size int64, root [32]byte) {
	fmt.Fprintf(w, "sổ ghi / log: %d mục / entries; %d sự kiện / events; %d đề xuất / cases\n", rep.LogSize, rep.Events, rep.Cases)
	fmt.Fprintf(w, "cây / tree: %s\n", treeLine(size, root))
	for _, p := range rep.Problems {
		fmt.Fprintln(w, "SAI / MISMATCH:", p)
	}
	if rep.OK() {
		fmt.Fprintln(w, "khớp toàn bộ / audit clean")
	}
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func auditResult(rep sqlstore.AuditReport) error {
	if rep.OK() {
		return nil
	}
	return errors.New("audit found mismatches / kiểm tra phát hiện sai lệch")
}

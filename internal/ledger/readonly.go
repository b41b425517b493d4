package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
)

// ErrAuditOnly is what a log opened by OpenAudit answers to anything that
// would write: an append, a signature, a receipt, a key rotation.
var ErrAuditOnly = errors.New("ledger: the log is open for an audit, which writes nothing")

// OpenAudit opens the log in db for AuditTree and nothing else. Unlike
// Open it writes nothing — it creates no key, stores no checkpoint (Open
// stores the key folder's copy again when its row is missing, which would
// hide that the row was deleted), writes no file in the key folder, not
// even the folder — and it does not refuse a log that fails the start-up
// check: that is when an audit is most needed, so AuditTree reports the
// start-up check's finding among its problems instead. It reads the keys
// from ledger_keys and the copy of the last checkpoint from the key folder;
// the private key is only compared with ledger_keys, never used.
//
// db should itself be read-only (an SQLite connection with mode=ro, a
// PostgreSQL session with default_transaction_read_only), so that even a
// mistake here could not write.
func OpenAudit(ctx context.Context, db *sql.DB, cfg Config) (*Log, error) {
	cfg, err := cfg.checked()
	if err != nil {
		return nil, err
	}
	l := &Log{db: db, cfg: cfg, audit: true}
	l.handed.Store(&signed{})
	failed := ErrAuditOnly
	l.failed.Store(&failed)
	keys, err := keyRows(ctx, db)
	if err != nil {
		return nil, err
	}
	// A key for another origin is a wrong --origin, not a finding: every
	// signature would then fail for a reason the report could not name.
	if l.vkeys, l.verifiers, err = l.parseKeys(keys); err != nil {
		return nil, err
	}
	return l, nil
}

// startFinding is why `damlam serve` would refuse to start on this
// database and key folder, or nil: Open's checks, made reading only, with
// the signing key compared with the newest key in ledger_keys (it is not
// kept). It reads the keys and checkpoints afresh, not what this Log holds,
// so that it can run beside a serving log.
func (l *Log) startFinding(ctx context.Context) error {
	keys, err := keyRows(ctx, l.db)
	if err != nil {
		return err
	}
	v := &Log{db: l.db, cfg: l.cfg}
	if len(keys) == 0 {
		size, err := readSize(ctx, l.db)
		if err != nil {
			return err
		}
		if size > 0 {
			return fmt.Errorf("ledger: ledger_keys is empty but the log has %d leaves: the keys were deleted; restore from backup", size)
		}
		if _, err := os.Stat(l.checkpointFile()); err == nil {
			return fmt.Errorf("ledger: the database has no log keys but %s holds a signed checkpoint: "+
				"this key folder belongs to another (or a newer) database", l.checkpointFile())
		}
		return nil // a new log: Open would create its first key
	} else if err := v.setKeys(keys); err != nil {
		return err
	}
	_, _, err = v.checkStart(ctx, false)
	return err
}

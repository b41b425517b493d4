package ledger

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"damlam/internal/fsutil"
	"damlam/internal/proof"

	"golang.org/x/mod/sumdb/note"
)

// KeyID names a verifier key: the first 16 hex digits of its SHA-256. It
// names key files, dossier keys/ entries and key.id fields.
func KeyID(vkey string) string {
	s := sha256.Sum256([]byte(vkey))
	return hex.EncodeToString(s[:8])
}

func (l *Log) keyFile(id string) string { return filepath.Join(l.cfg.KeyDir, id+".key") }

type keyRow struct{ id, vkey string }

func keyRows(ctx context.Context, q DBTX) ([]keyRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT key_id, vkey FROM ledger_keys ORDER BY since_size`)
	if err != nil {
		return nil, fmt.Errorf("ledger: read keys: %w", err)
	}
	defer rows.Close()
	var out []keyRow
	for rows.Next() {
		var k keyRow
		if err := rows.Scan(&k.id, &k.vkey); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// loadKeys loads every verifier key and the current signer, creating the
// first key when the log has none.
func (l *Log) loadKeys(ctx context.Context) error {
	if err := os.MkdirAll(l.cfg.KeyDir, 0o700); err != nil {
		return fmt.Errorf("ledger: key folder: %w", err)
	}
	keys, err := keyRows(ctx, l.db)
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		if _, err := os.Stat(l.checkpointFile()); err == nil {
			return fmt.Errorf("ledger: the database has no log keys but %s holds a signed checkpoint: "+
				"this key folder belongs to another (or a newer) database; restore the matching database or use an empty key folder for a new log",
				l.checkpointFile())
		}
		if err := l.createFirstKey(ctx); err != nil {
			return err
		}
		if keys, err = keyRows(ctx, l.db); err != nil {
			return err
		}
	}
	return l.setKeys(keys)
}

// setKeys trusts every key in keys and signs with the newest, whose
// private half must be in the key folder.
func (l *Log) setKeys(keys []keyRow) error {
	vkeys, vs, err := l.parseKeys(keys)
	if err != nil {
		return err
	}
	cur := keys[len(keys)-1]
	s, err := l.readSigner(cur)
	if err != nil {
		return err
	}
	l.signer, l.keyID = s, cur.id
	l.vkeys, l.verifiers = vkeys, vs
	return nil
}

// parseKeys parses the verifier keys of ledger_keys, each of which must
// be this log's.
func (l *Log) parseKeys(keys []keyRow) ([]string, note.Verifiers, error) {
	var vs []note.Verifier
	var vkeys []string
	for _, k := range keys {
		v, err := proof.NewVerifier(k.vkey)
		if err != nil {
			return nil, nil, fmt.Errorf("ledger_keys %s: %w", k.id, err)
		}
		if v.Name() != l.cfg.Origin {
			return nil, nil, fmt.Errorf("ledger_keys %s is for log %q, configured origin is %q", k.id, v.Name(), l.cfg.Origin)
		}
		vs = append(vs, v)
		vkeys = append(vkeys, k.vkey)
	}
	return vkeys, note.VerifierList(vs...), nil
}

// syncKeysLocked picks up a key rotation made by another instance (or
// process) and returns the signer it replaces, so that the first
// checkpoint after the rotation is co-signed by the old key too. l.mu must
// be held.
func (l *Log) syncKeysLocked(ctx context.Context, q DBTX) (note.Signer, error) {
	keys, err := keyRows(ctx, q)
	if err != nil {
		return nil, err
	}
	switch {
	case len(keys) == len(l.vkeys):
		return nil, nil
	case len(keys) < len(l.vkeys):
		return nil, fmt.Errorf("ledger: ledger_keys lost keys (%d, this instance knows %d): the database was rolled back; restore the newest backup", len(keys), len(l.vkeys))
	}
	old := l.signer
	if err := l.setKeys(keys); err != nil {
		return nil, fmt.Errorf("%w (another instance rotated the log's key: copy its key folder's new .key file here)", err)
	}
	return old, nil
}

func (l *Log) readSigner(k keyRow) (note.Signer, error) {
	b, err := os.ReadFile(l.keyFile(k.id))
	if err != nil {
		return nil, fmt.Errorf("ledger: signing key %s for the current log key is unreadable (%w); restore the key folder from its backup", l.keyFile(k.id), err)
	}
	s, err := note.NewSigner(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, fmt.Errorf("ledger: %s: %w", l.keyFile(k.id), err)
	}
	if s.Name() != l.cfg.Origin {
		return nil, fmt.Errorf("ledger: %s signs for %q, not %q", l.keyFile(k.id), s.Name(), l.cfg.Origin)
	}
	v, _ := note.NewVerifier(k.vkey)
	if v == nil || v.KeyHash() != s.KeyHash() {
		return nil, fmt.Errorf("ledger: %s does not match key %s in ledger_keys", l.keyFile(k.id), k.id)
	}
	return s, nil
}

// newKey generates a key pair and writes the private half to the key
// folder (0600) before anything refers to it.
func (l *Log) newKey() (keyRow, error) {
	skey, vkey, err := note.GenerateKey(rand.Reader, l.cfg.Origin)
	if err != nil {
		return keyRow{}, err
	}
	k := keyRow{KeyID(vkey), vkey}
	if err := fsutil.WriteFileAtomic(l.keyFile(k.id), []byte(skey+"\n")); err != nil {
		return keyRow{}, fmt.Errorf("ledger: write key: %w", err)
	}
	return k, nil
}

func (l *Log) createFirstKey(ctx context.Context) error {
	k, err := l.newKey()
	if err != nil {
		return err
	}
	// Two instances starting on one new database: one row wins, and the
	// loser's key file is removed so no unused private key lingers.
	res, err := l.db.ExecContext(ctx, `INSERT INTO ledger_keys (key_id, vkey, since_size, created_at) VALUES ($1, $2, 0, $3) ON CONFLICT DO NOTHING`,
		k.id, k.vkey, l.timestamp())
	if err != nil {
		os.Remove(l.keyFile(k.id))
		return fmt.Errorf("ledger: record key: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		os.Remove(l.keyFile(k.id))
	}
	return nil
}

// VerifierKeys lists every key that ever signed this log, oldest first.
func (l *Log) VerifierKeys(ctx context.Context) ([]string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.vkeys...), nil
}

// Verifiers is VerifierKeys parsed for note.Open.
func (l *Log) Verifiers(ctx context.Context) (note.Verifiers, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.verifiers, nil
}

// RotateKey starts signing with a new key. The change is itself logged, as
// a log.key_rotated leaf carrying the new key, and the first checkpoint
// after it is signed by both keys, so the new key is vouched for by the
// old. Old keys stay listed: receipts they signed keep verifying.
func (l *Log) RotateKey(ctx context.Context) error {
	if err := l.failure(); err != nil {
		return err // before the new key's file is written
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	k, err := l.newKey()
	if err != nil {
		return err
	}
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	prev, err := l.LastIndex(ctx, tx, LogCase)
	if err != nil {
		return err
	}
	seq := 1
	if prev >= 0 {
		var b []byte
		if err := tx.QueryRowContext(ctx, `SELECT leaf FROM ledger_leaves WHERE idx = $1`, prev).Scan(&b); err != nil {
			return err
		}
		e, err := proof.ParseEntry(b)
		if err != nil {
			return err
		}
		seq = e.Seq + 1
	}
	leaf, err := proof.Entry{Type: "log.key_rotated", Case: LogCase, Seq: seq, Prev: prev, Time: l.cfg.Now(),
		Actor: "system", State: "-", Fields: []proof.Field{
			{Key: proof.FieldKeyID, Value: k.id}, {Key: proof.FieldKeyVKey, Value: k.vkey}, {Key: "key.previous", Value: l.keyID}}}.Marshal()
	if err != nil {
		return err
	}
	idx, err := l.append(ctx, tx, LogCase, leaf)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_keys (key_id, vkey, since_size, created_at) VALUES ($1, $2, $3, $4)`,
		k.id, k.vkey, idx+1, l.timestamp()); err != nil {
		return fmt.Errorf("ledger: record key: %w", err)
	}
	if err := tx.Commit(); err != nil {
		os.Remove(l.keyFile(k.id))
		return err
	}
	old := l.signer
	keys, err := keyRows(ctx, l.db)
	if err != nil {
		return err
	}
	if err := l.setKeys(keys); err != nil {
		return err
	}
	_, err = l.refreshLocked(ctx, l.db, -1, old)
	return err
}

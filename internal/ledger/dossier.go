package ledger

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"damlam/internal/proof"

	"golang.org/x/mod/sumdb/tlog"
)

// DossierExtras is what the business layer adds to a case's dossier. The
// ledger only holds digests; the documents behind them come from here.
type DossierExtras struct {
	Records     map[int64][]byte  // leaf index -> payload JSON as stored (its SHA-256 is payload.sha256)
	Scopes      map[int64][]byte  // approval leaf index -> Scope.Canonical()
	Versions    map[int64][]byte  // version number -> the content its submission hashed (details.content_sha256)
	SummaryVI   []byte            // readable summary, Vietnamese
	SummaryEN   []byte            // readable summary, English
	Attachments map[string][]byte // <sha256>[.ext] -> bytes, one per doc.sha256 of the case's leaves
	// Official are the official documents' PDFs, by their file name
	// (<unit>-<year>-<number>.pdf), one per "official" field of the leaves.
	Official map[string][]byte
	// Witnessed are checkpoints cosigned by witnesses (size -> the signed
	// checkpoint with cosignature lines); those not above the latest
	// checkpoint go in, each with its consistency proof to the latest.
	Witnessed map[int64][]byte
}

// BuildDossier assembles and seals the dossier of one case: every leaf,
// the receipt each leaf got (the first checkpoint that covered it), the
// latest checkpoint, consistency proofs from each receipt's checkpoint to
// the latest, every key the log used, and the caller's extras. Records,
// scopes, content versions and attachments are checked against what the
// leaves and records name here, with the verifier's own checks, so a bug
// or a changed row or file shows up at export, naming the file, rather
// than in front of an inspector.
func (l *Log) BuildDossier(ctx context.Context, caseID string, extra DossierExtras) (*proof.Dossier, error) {
	latestNote, err := l.Checkpoint(ctx)
	if err != nil {
		return nil, err
	}
	vs, _ := l.Verifiers(ctx)
	latest, _, err := proof.OpenCheckpoint(latestNote, vs)
	if err != nil {
		return nil, err
	}
	d := &proof.Dossier{Origin: l.cfg.Origin, Case: caseID, Generated: l.cfg.Now().UTC(),
		Leaves: map[uint64][]byte{}, Receipts: map[uint64][]byte{}, Checkpoint: latestNote,
		Consistency: map[[2]uint64][]byte{}, Keys: map[string][]byte{}, Records: map[uint64][]byte{},
		Scopes: map[uint64][]byte{}, Versions: map[uint64][]byte{}, SummaryVI: extra.SummaryVI, SummaryEN: extra.SummaryEN,
		Attachments: extra.Attachments, Official: extra.Official}
	for n, b := range extra.Versions {
		if n < 1 {
			return nil, fmt.Errorf("ledger: content version %d", n)
		}
		d.Versions[uint64(n)] = b
	}
	rows, err := l.db.QueryContext(ctx, `SELECT idx, leaf FROM ledger_leaves WHERE case_id = $1 AND idx < $2 ORDER BY idx`, caseID, int64(latest.Size))
	if err != nil {
		return nil, err
	}
	entries := map[int64]proof.Entry{}
	for rows.Next() {
		var idx int64
		var leaf []byte
		if err := rows.Scan(&idx, &leaf); err != nil {
			rows.Close()
			return nil, err
		}
		e, err := proof.ParseEntry(leaf)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("ledger: leaf %d: %w", idx, err)
		}
		entries[idx] = e
		d.Leaves[uint64(idx)] = leaf
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("%w: no leaves for case %q", ErrNotFound, caseID)
	}
	if err := attachDigests(entries, extra, d); err != nil {
		return nil, err
	}
	if err := d.CheckDocuments(); err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	// The proofs of one dossier share many tree hashes (every consistency
	// proof ends at the same latest size): read each once.
	hashes := memoHashes(hashReader{ctx, l.db})
	for idx := range entries {
		var size int64
		var msg string
		err := l.db.QueryRowContext(ctx, `SELECT size, note FROM ledger_checkpoints WHERE size > $1 ORDER BY size LIMIT 1`, idx).Scan(&size, &msg)
		if err != nil {
			return nil, fmt.Errorf("ledger: first checkpoint covering %d: %w", idx, err)
		}
		if size > int64(latest.Size) {
			return nil, fmt.Errorf("ledger: checkpoint %d is beyond the latest, %d", size, latest.Size)
		}
		rp, err := tlog.ProveRecord(size, idx, hashes)
		if err != nil {
			return nil, fmt.Errorf("ledger: inclusion proof %d/%d: %w", idx, size, err)
		}
		p := toArrays(rp)
		d.Receipts[uint64(idx)] = proof.Receipt{Index: uint64(idx), Proof: p, Checkpoint: []byte(msg)}.Marshal()
		key := [2]uint64{uint64(size), latest.Size}
		if key[0] < key[1] && d.Consistency[key] == nil {
			c, err := tlog.ProveTree(int64(latest.Size), size, hashes)
			if err != nil {
				return nil, fmt.Errorf("ledger: consistency proof %d→%d: %w", size, latest.Size, err)
			}
			d.Consistency[key] = proof.MarshalHashes(toArrays(c))
		}
	}
	if err := l.addAuthority(ctx, entries, extra.Records, latest, latestNote, hashes, d); err != nil {
		return nil, err
	}
	d.Witnessed = map[uint64][]byte{}
	for size, cosigned := range extra.Witnessed {
		if size <= 0 || uint64(size) > latest.Size {
			continue
		}
		d.Witnessed[uint64(size)] = cosigned
		key := [2]uint64{uint64(size), latest.Size}
		if key[0] < key[1] && d.Consistency[key] == nil {
			c, err := l.ConsistencyProof(ctx, size, int64(latest.Size))
			if err != nil {
				return nil, err
			}
			d.Consistency[key] = proof.MarshalHashes(c)
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, vk := range l.vkeys {
		d.Keys[KeyID(vk)] = []byte(vk + "\n")
	}
	if err := d.Seal(l.signer); err != nil {
		return nil, err
	}
	return d, nil
}

// attachDigests copies records and scopes into d after checking each one
// against the digest its leaf carries.
func attachDigests(entries map[int64]proof.Entry, extra DossierExtras, d *proof.Dossier) error {
	check := func(kind, key string, files map[int64][]byte, dst map[uint64][]byte) error {
		for idx, b := range files {
			e, ok := entries[idx]
			if !ok {
				return fmt.Errorf("ledger: %s for index %d, which is not a leaf of case %s", kind, idx, d.Case)
			}
			want, ok := e.Get(key)
			sum := sha256.Sum256(b)
			if !ok || hex.EncodeToString(sum[:]) != want {
				return fmt.Errorf("ledger: %s for leaf %d does not match its %s", kind, idx, key)
			}
			dst[uint64(idx)] = b
		}
		return nil
	}
	if err := check("record", proof.FieldPayload, extra.Records, d.Records); err != nil {
		return err
	}
	return check("scope", proof.FieldScope, extra.Scopes, d.Scopes)
}

// memoHashes reads tree hashes through r, each id at most once.
func memoHashes(r hashReader) tlog.HashReader {
	seen := map[int64]tlog.Hash{}
	return tlog.HashReaderFunc(func(ids []int64) ([]tlog.Hash, error) {
		var missing []int64
		for _, id := range ids {
			if _, ok := seen[id]; !ok {
				missing = append(missing, id)
			}
		}
		if len(missing) > 0 {
			got, err := r.ReadHashes(missing)
			if err != nil {
				return nil, err
			}
			for i, id := range missing {
				seen[id] = got[i]
			}
		}
		out := make([]tlog.Hash, len(ids))
		for i, id := range ids {
			out[i] = seen[id]
		}
		return out, nil
	})
}

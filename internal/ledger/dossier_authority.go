package ledger

import (
	"context"
	"fmt"

	"damlam/internal/proof"

	"golang.org/x/mod/sumdb/tlog"
)

// addAuthority puts into d the authority chains the case's decisions rest
// on (proof.AuthorityNeeds): for each decision, the whole chain of what its
// actor held in the deciding unit, and the chain that marks when the log
// began recording authority, if this log has one. Each leaf gets an
// inclusion proof in the tree of the dossier's latest checkpoint, so that
// the verifier needs no other checkpoint or consistency proof for them.
func (l *Log) addAuthority(ctx context.Context, entries map[int64]proof.Entry, records map[int64][]byte,
	latest proof.Checkpoint, latestNote []byte, hashes tlog.HashReader, d *proof.Dossier) error {
	byIndex := make(map[uint64]proof.Entry, len(entries))
	for i, e := range entries {
		byIndex[uint64(i)] = e
	}
	recs := make(map[uint64][]byte, len(records))
	for i, b := range records {
		recs[uint64(i)] = b
	}
	needs := proof.AuthorityNeeds(byIndex, recs)
	if len(needs) == 0 {
		return nil
	}
	chains := []string{proof.RecordingChain}
	seen := map[string]bool{proof.RecordingChain: true}
	for _, n := range needs {
		if n.Unit == "" {
			continue
		}
		if c := proof.AuthorityChain(n.Unit, n.Actor); !seen[c] {
			seen[c] = true
			chains = append(chains, c)
		}
	}
	d.Authority, d.AuthorityReceipts = map[uint64][]byte{}, map[uint64][]byte{}
	for _, c := range chains {
		rows, err := l.db.QueryContext(ctx, `SELECT idx, leaf FROM ledger_leaves WHERE case_id = $1 AND idx < $2 ORDER BY idx`, c, int64(latest.Size))
		if err != nil {
			return err
		}
		for rows.Next() {
			var idx int64
			var leaf []byte
			if err := rows.Scan(&idx, &leaf); err != nil {
				rows.Close()
				return err
			}
			d.Authority[uint64(idx)] = leaf
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for idx := range d.Authority {
		rp, err := tlog.ProveRecord(int64(latest.Size), int64(idx), hashes)
		if err != nil {
			return fmt.Errorf("ledger: inclusion proof %d/%d: %w", idx, latest.Size, err)
		}
		d.AuthorityReceipts[idx] = proof.Receipt{Index: idx, Proof: toArrays(rp), Checkpoint: latestNote}.Marshal()
	}
	return nil
}

package sqlstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"golang.org/x/mod/sumdb/note"

	"damlam/internal/proof"
	"damlam/internal/witness"
)

// WitnessRound submits the log's latest checkpoint to each witness that
// has not cosigned it yet, with a consistency proof from the size that
// witness last cosigned, and stores the cosigned checkpoints. Witnesses are
// independent services: one that is down delays only its own evidence.
func (s *Store) WitnessRound(ctx context.Context, clients []*witness.Client) error {
	signed, err := s.log.Checkpoint(ctx)
	if err != nil {
		return err
	}
	body, _, _ := cutNote(signed)
	cp, err := proof.ParseCheckpointBody(body)
	if err != nil {
		return err
	}
	keys, err := s.log.Verifiers(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, c := range clients {
		name := c.Verifier.Name()
		var last int64
		if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(size), 0) FROM witness_cosignatures WHERE witness = $1`, name).Scan(&last); err != nil {
			return err
		}
		if uint64(last) >= cp.Size {
			continue
		}
		cosigned, err := s.submit(ctx, c, uint64(last), cp.Size, signed, keys)
		var conflict *witness.ConflictError
		if errors.As(err, &conflict) && conflict.Size <= cp.Size {
			// The witness knows a size we did not record (a lost answer,
			// or another instance): prove consistency from there.
			cosigned, err = s.submit(ctx, c, conflict.Size, cp.Size, signed, keys)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("witness %s: %w", name, err))
			continue
		}
		got, err := proof.Cosignatures(cosigned, keys, []*proof.CosignatureVerifier{c.Verifier})
		if err != nil || len(got) == 0 {
			errs = append(errs, fmt.Errorf("witness %s: no valid cosignature", name))
			continue
		}
		if _, err := s.db.ExecContext(ctx, `INSERT INTO witness_cosignatures (witness, size, cosigned_at, note) VALUES ($1, $2, $3, $4)
			ON CONFLICT (witness, size) DO NOTHING`, name, int64(cp.Size), fmtTime(got[0].Time), string(cosigned)); err != nil {
			return err
		}
	}
	return errors.Join(errs...)
}

func (s *Store) submit(ctx context.Context, c *witness.Client, old, size uint64, signed []byte, keys note.Verifiers) ([]byte, error) {
	var consistency [][32]byte
	if old > 0 && old < size {
		var err error
		if consistency, err = s.log.ConsistencyProof(ctx, int64(old), int64(size)); err != nil {
			return nil, err
		}
	}
	return c.Add(ctx, old, consistency, signed, keys)
}

// cutNote splits a signed note into its body (with the final newline) and
// its signature lines.
func cutNote(signed []byte) (body, sigs []byte, ok bool) {
	i := bytes.Index(signed, []byte("\n\n"))
	if i < 0 {
		return signed, nil, false
	}
	return signed[:i+1], signed[i+2:], true
}

// witnessedFor returns, for a dossier, the cosigned checkpoints that cover
// the given leaves: for each leaf and each witness, the first size that
// witness cosigned above the leaf. Cosignatures of several witnesses on one
// checkpoint are merged into one note.
func (s *Store) witnessedFor(ctx context.Context, leaves []int64) (map[int64][]byte, error) {
	type key struct {
		witness string
		size    int64
	}
	want := map[key]bool{}
	for _, idx := range leaves {
		rows, err := s.db.QueryContext(ctx, `SELECT witness, MIN(size) FROM witness_cosignatures WHERE size > $1 GROUP BY witness`, idx)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k key
			if err := rows.Scan(&k.witness, &k.size); err != nil {
				rows.Close()
				return nil, err
			}
			want[k] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	out := map[int64][]byte{}
	for k := range want {
		var n string
		if err := s.db.QueryRowContext(ctx, `SELECT note FROM witness_cosignatures WHERE witness = $1 AND size = $2`, k.witness, k.size).Scan(&n); err != nil {
			return nil, err
		}
		if prev, ok := out[k.size]; ok {
			_, sigs, _ := cutNote([]byte(n))
			out[k.size] = append(prev, lastLine(sigs)...)
			continue
		}
		out[k.size] = []byte(n)
	}
	return out, nil
}

// lastLine is the final signature line of a note (the witness's own).
func lastLine(sigs []byte) []byte {
	t := bytes.TrimSuffix(sigs, []byte("\n"))
	if i := bytes.LastIndexByte(t, '\n'); i >= 0 {
		return append(t[i+1:], '\n')
	}
	return append(t, '\n')
}

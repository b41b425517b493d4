package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"damlam/internal/fsutil"
	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/workflow"
)

// MaxAttachment bounds one uploaded file.
const MaxAttachment = workflow.MaxAttachment

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Attachment is a file attached to a proposal, known by its SHA-256.
type Attachment struct {
	SHA256 string `json:"sha256"`
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	MIME   string `json:"mime"`
}

// AttachFile stores data by its digest and links it to case id, if check
// approves over the case as the transaction holds it and the space its
// adder and unit use (casework.Drafts). The file is written only once
// check has approved: a refused upload leaves nothing in the attachments
// folder. It is written before the rows commit, so a crash between the
// two leaves an unreferenced file, never a row that points at nothing.
// The submission leaf then carries the digest, so the document can be
// proven unchanged later without the log holding it.
func (s *Store) AttachFile(ctx context.Context, id string, f workflow.File, data []byte, check workflow.DecideFile) error {
	if f.SHA256 != sha256Hex(data) {
		return fmt.Errorf("attachment %s: not the digest of its bytes", f.SHA256)
	}
	return s.db.inTx(ctx, func(tx *sql.Tx) error {
		c, err := s.loadCase(ctx, tx, id, true)
		if err != nil {
			return err
		}
		facts, err := fileFacts(ctx, tx, f.AddedBy, c.Proposal.UnitPath)
		if err != nil {
			return err
		}
		if err := check(&c.Proposal, facts); err != nil {
			return err
		}
		if err := s.writeBlob(f.SHA256, data); err != nil {
			return err
		}
		now := fmtTime(s.now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO attachments (sha256, size, mime, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING`,
			f.SHA256, f.Size, f.MIME, now); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO proposal_attachments (proposal_id, sha256, name, added_by, added_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (proposal_id, sha256) DO UPDATE SET name = excluded.name`, id, f.SHA256, f.Name, f.AddedBy, now)
		return err
	})
}

// CheckFile runs check over case id and the space adderID and the case's
// unit use, writing nothing (casework.Drafts).
func (s *Store) CheckFile(ctx context.Context, id, adderID string, check workflow.DecideFile) error {
	c, err := s.loadCase(ctx, s.db, id, false)
	if err != nil {
		return err
	}
	facts, err := fileFacts(ctx, s.db, adderID, c.Proposal.UnitPath)
	if err != nil {
		return err
	}
	return check(&c.Proposal, facts)
}

// fileFacts sums the attachments a person added and those on a unit's
// cases, each link counted (a file on two cases counts twice).
func fileFacts(ctx context.Context, q querier, personID, unitPath string) (workflow.FileFacts, error) {
	var f workflow.FileFacts
	err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(a.size), 0) FROM proposal_attachments pa JOIN attachments a ON a.sha256 = pa.sha256
		WHERE pa.added_by = $1`, personID).Scan(&f.PersonBytes)
	if err != nil {
		return f, err
	}
	err = q.QueryRowContext(ctx, `SELECT COALESCE(SUM(a.size), 0) FROM proposal_attachments pa JOIN attachments a ON a.sha256 = pa.sha256
		JOIN proposals p ON p.id = pa.proposal_id WHERE p.unit_path = $1`, unitPath).Scan(&f.UnitBytes)
	return f, err
}

func (s *Store) writeBlob(sum string, data []byte) error {
	if s.attachmentDir == "" {
		return problem.New(problem.Internal, "internal")
	}
	dir := filepath.Join(s.attachmentDir, sum[:2])
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	path := filepath.Join(dir, sum)
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	return fsutil.WriteFileAtomic(path, data)
}

// AttachmentData reads a stored file back if actor may see proposal id.
func (s *Store) AttachmentData(ctx context.Context, actor *org.Person, id, sum string) (Attachment, []byte, error) {
	c, err := s.loadCase(ctx, s.db, id, false)
	if err != nil {
		return Attachment{}, nil, err
	}
	if !workflow.CanRead(actor, &c.Proposal) {
		return Attachment{}, nil, problem.New(problem.NotFound, "proposal_not_found", id)
	}
	var a Attachment
	err = s.db.QueryRowContext(ctx, `SELECT a.sha256, pa.name, a.size, a.mime FROM proposal_attachments pa JOIN attachments a ON a.sha256 = pa.sha256
		WHERE pa.proposal_id = $1 AND pa.sha256 = $2`, id, sum).Scan(&a.SHA256, &a.Name, &a.Size, &a.MIME)
	if err == sql.ErrNoRows {
		return a, nil, problem.New(problem.NotFound, "not_found")
	}
	if err != nil {
		return a, nil, err
	}
	data, err := s.readBlob(sum)
	if err != nil {
		return a, nil, err
	}
	return a, data, nil
}

// readBlob reads a stored file and checks it is still what its name says.
func (s *Store) readBlob(sum string) ([]byte, error) {
	if len(sum) != 64 {
		return nil, problem.New(problem.NotFound, "not_found")
	}
	data, err := os.ReadFile(filepath.Join(s.attachmentDir, sum[:2], sum))
	if err != nil {
		return nil, err
	}
	if sha256Hex(data) != sum {
		return nil, fmt.Errorf("attachment %s: stored file no longer matches its digest", sum)
	}
	return data, nil
}

// attachmentFiles are a case's attachments as a submission logs them,
// ordered by digest so that the leaf's doc.sha256 lines keep their order.
func attachmentFiles(ctx context.Context, q querier, id string) ([]workflow.File, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.sha256, pa.name, a.size, a.mime, pa.added_by, pa.added_at
		FROM proposal_attachments pa JOIN attachments a ON a.sha256 = pa.sha256
		WHERE pa.proposal_id = $1 ORDER BY pa.sha256`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []workflow.File
	for rows.Next() {
		var f workflow.File
		if err := rows.Scan(&f.SHA256, &f.Name, &f.Size, &f.MIME, &f.AddedBy, &f.AddedAt); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

func (s *Store) attachmentsIn(ctx context.Context, q querier, id string) ([]Attachment, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.sha256, pa.name, a.size, a.mime FROM proposal_attachments pa JOIN attachments a ON a.sha256 = pa.sha256
		WHERE pa.proposal_id = $1 ORDER BY pa.added_at, pa.name`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Attachment
	for rows.Next() {
		var a Attachment
		if err := rows.Scan(&a.SHA256, &a.Name, &a.Size, &a.MIME); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

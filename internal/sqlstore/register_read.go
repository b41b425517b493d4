package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"damlam/internal/document"
	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/workflow"
)

// OfficialDocument is one entry of a unit's document register.
type OfficialDocument struct {
	Unit      string       `json:"unit_id"`
	UnitName  string       `json:"unit_name"`
	Year      int          `json:"year"`
	Number    int          `json:"number"`
	Symbol    string       `json:"symbol"`
	Reference string       `json:"reference"` // "12/QĐ-UBND"
	Kind      string       `json:"kind"`
	KindLabel i18n.Message `json:"kind_label"`
	Case      string       `json:"proposal_id"`
	Seq       int          `json:"seq"`
	IssuedAt  time.Time    `json:"issued_at"`
	Subject   string       `json:"subject"`
	SHA256    string       `json:"sha256"`
	Size      int64        `json:"size"`
}

const documentColumns = `d.unit_id, u.name, d.year, d.number, d.symbol, d.kind, d.proposal_id, d.seq, d.issued_at, d.subject, d.sha256, length(d.pdf)`

func scanDocument(rows interface{ Scan(...any) error }) (OfficialDocument, error) {
	var d OfficialDocument
	var at string
	err := rows.Scan(&d.Unit, &d.UnitName, &d.Year, &d.Number, &d.Symbol, &d.Kind, &d.Case, &d.Seq, &at, &d.Subject, &d.SHA256, &d.Size)
	d.IssuedAt = parseTime(at)
	d.Reference = workflow.IssuedDocument{Number: d.Number, Symbol: d.Symbol}.Reference()
	d.KindLabel = document.Kind(d.Kind).Label()
	return d, err
}

// CaseDocuments lists the official documents case id issued, in the order
// they were issued, if actor may read the case.
func (s *Store) CaseDocuments(ctx context.Context, actor *org.Person, id string) ([]OfficialDocument, error) {
	c, err := s.loadCase(ctx, s.db, id, false)
	if err != nil {
		return nil, err
	}
	if !workflow.CanRead(actor, &c.Proposal) {
		return nil, problem.New(problem.NotFound, "proposal_not_found", id)
	}
	return s.caseDocuments(ctx, id)
}

func (s *Store) caseDocuments(ctx context.Context, id string) ([]OfficialDocument, error) {
	return s.documents(ctx, `SELECT `+documentColumns+` FROM documents d JOIN units u ON u.id = d.unit_id
		WHERE d.proposal_id = $1 ORDER BY d.seq, d.issued_at, d.unit_id, d.number`, id)
}

// documents reads the documents a query over documentColumns selects.
func (s *Store) documents(ctx context.Context, query string, args ...any) ([]OfficialDocument, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []OfficialDocument{}
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// CaseDocument returns one document of case id and its PDF. ref is its
// number ("12"), its reference ("12/QĐ-UBND") or, where a case has
// documents of two units, "UNIT-YEAR-NUMBER".
func (s *Store) CaseDocument(ctx context.Context, actor *org.Person, id, ref string) (OfficialDocument, []byte, error) {
	docs, err := s.CaseDocuments(ctx, actor, id)
	if err != nil {
		return OfficialDocument{}, nil, err
	}
	return s.pickDocument(ctx, id, ref, docs)
}

// CaseDocumentAsSystem is CaseDocument for the operator's command line,
// which reads every case.
func (s *Store) CaseDocumentAsSystem(ctx context.Context, id, ref string) (OfficialDocument, []byte, error) {
	if _, err := s.loadCase(ctx, s.db, id, false); err != nil {
		return OfficialDocument{}, nil, err
	}
	docs, err := s.caseDocuments(ctx, id)
	if err != nil {
		return OfficialDocument{}, nil, err
	}
	return s.pickDocument(ctx, id, ref, docs)
}

func (s *Store) pickDocument(ctx context.Context, id, ref string, docs []OfficialDocument) (OfficialDocument, []byte, error) {
	var match []OfficialDocument
	ref = strings.TrimSpace(ref)
	for _, d := range docs {
		n := strconv.Itoa(d.Number)
		if ref == n || ref == d.Reference || ref == d.Unit+"-"+strconv.Itoa(d.Year)+"-"+n ||
			strings.TrimLeft(ref, "0") == n || strings.EqualFold(ref, d.Reference) {
			match = append(match, d)
		}
	}
	switch len(match) {
	case 0:
		return OfficialDocument{}, nil, problem.New(problem.NotFound, "document_not_found", ref, id)
	case 1:
	default:
		return OfficialDocument{}, nil, problem.New(problem.Conflict, "document_ambiguous", ref, id)
	}
	d := match[0]
	var pdf []byte
	err := s.db.QueryRowContext(ctx, `SELECT pdf FROM documents WHERE unit_id = $1 AND year = $2 AND number = $3`, d.Unit, d.Year, d.Number).Scan(&pdf)
	return d, pdf, err
}

// RegisterQuery selects entries of a unit's register.
type RegisterQuery struct {
	Unit  string
	Year  int
	Text  string // words of the subject or the case id, diacritics ignored
	Limit int
}

// Register lists a unit's register for a year, newest number first, if
// actor may read the unit.
func (s *Store) Register(ctx context.Context, actor *org.Person, q RegisterQuery) ([]OfficialDocument, error) {
	path, err := unitPath(ctx, s.db, q.Unit)
	if err != nil {
		return nil, err
	}
	if path == "" || actor == nil || !actor.CanRead(path) {
		return nil, problem.New(problem.NotFound, "register_unit_not_found", q.Unit)
	}
	if q.Limit <= 0 || q.Limit > 1000 {
		q.Limit = 1000
	}
	query := `SELECT ` + documentColumns + ` FROM documents d JOIN units u ON u.id = d.unit_id WHERE d.unit_id = $1 AND d.year = $2`
	args := []any{q.Unit, q.Year}
	for _, w := range i18n.FoldedWords(q.Text) {
		args = append(args, "%"+escapeLike(w)+"%")
		query += ` AND d.folded LIKE $` + strconv.Itoa(len(args)) + ` ESCAPE '\'`
	}
	args = append(args, q.Limit)
	query += ` ORDER BY d.number DESC LIMIT $` + strconv.Itoa(len(args))
	return s.documents(ctx, query, args...)
}

// SetDocumentAbbrev sets the abbreviation unit's documents carry in their
// symbols from now on ("" goes back to the one its kind gives). Numbers
// already issued keep the symbol they were issued with.
func (s *Store) SetDocumentAbbrev(ctx context.Context, unit, abbrev string) error {
	abbrev = strings.TrimSpace(abbrev)
	if abbrev != "" && (len(abbrev) > 20 || strings.ContainsAny(abbrev, " /\t\n")) {
		return invalidField("abbrev", "field.bad_abbrev")
	}
	path, err := unitPath(ctx, s.db, unit)
	if err != nil {
		return err
	}
	if path == "" {
		return problem.New(problem.NotFound, "register_unit_not_found", unit)
	}
	return s.db.inTx(ctx, func(tx *sql.Tx) error {
		if abbrev == "" {
			_, err := tx.ExecContext(ctx, `DELETE FROM document_units WHERE unit_id = $1`, unit)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO document_units (unit_id, abbrev) VALUES ($1, $2)
			ON CONFLICT (unit_id) DO UPDATE SET abbrev = excluded.abbrev`, unit, abbrev)
		return err
	})
}

// officialFiles are the PDFs of a case's official documents as a dossier
// carries them: official/<unit>-<year>-<number>.pdf.
func (s *Store) officialFiles(ctx context.Context, id string) (map[string][]byte, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT unit_id, year, number, symbol, sha256, pdf FROM documents WHERE proposal_id = $1`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]byte{}
	for rows.Next() {
		var unit, symbol, sum string
		var year, number int
		var pdf []byte
		if err := rows.Scan(&unit, &year, &number, &symbol, &sum, &pdf); err != nil {
			return nil, err
		}
		// A PDF changed in the table would reach an inspector as a
		// forgery: the export stops, naming it, and the audit can say more.
		if got := sha256.Sum256(pdf); hex.EncodeToString(got[:]) != sum {
			return nil, fmt.Errorf("proposal %s: document %s of %s %d no longer matches its SHA-256 %s", id,
				workflow.IssuedDocument{Number: number, Symbol: symbol}.Reference(), unit, year, sum)
		}
		out[unit+"-"+strconv.Itoa(year)+"-"+strconv.Itoa(number)+".pdf"] = pdf
	}
	return out, rows.Err()
}

package sqlstore

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"damlam/internal/i18n"
	"damlam/internal/org"
	"damlam/internal/problem"
)

// ImportError lists every bad line of an import file; nothing was imported.
type ImportError struct {
	Lines []LineError
}

// LineError is one bad line.
type LineError struct {
	Line    int          `json:"line"`
	Message i18n.Message `json:"message"`
}

var unitHeader = []string{"id", "parent_id", "name", "kind", "party_committee"}
var peopleHeader = []string{"id", "name", "email", "unit_id", "position", "roles"}

// ImportUnits reads units from CSV (header: id,parent_id,name,kind,
// party_committee; parents before children) in one transaction: a file with
// any bad line imports nothing, and the error names every bad line.
func (s *Store) ImportUnits(ctx context.Context, by *org.Person, r io.Reader, may org.AdminCheck) (int, error) {
	return s.importUnits(ctx, by, r, may, true)
}

// PreviewUnits is ImportUnits without writing: the count it would import,
// or the same error naming every bad line. Nothing is logged or kept.
func (s *Store) PreviewUnits(ctx context.Context, by *org.Person, r io.Reader, may org.AdminCheck) (int, error) {
	return s.importUnits(ctx, by, r, may, false)
}

func (s *Store) importUnits(ctx context.Context, by *org.Person, r io.Reader, may org.AdminCheck, apply bool) (int, error) {
	defer s.forgetUnits()
	return s.importCSV(ctx, r, unitHeader, apply, func(ctx context.Context, tx *sql.Tx, rec []string) error {
		_, err := s.createUnit(ctx, tx, by, UnitInput{ID: rec[0], ParentID: rec[1], Name: rec[2], Kind: rec[3], PartyCommittee: rec[4]}, may, "")
		return err
	})
}

// ImportPeople reads people from CSV (header: id,name,email,unit_id,
// position,roles; roles separated by ';' and granted over unit_id).
// Passwords are never in files: people sign in after `damlam user passwd`.
func (s *Store) ImportPeople(ctx context.Context, by *org.Person, r io.Reader, may org.AdminCheck) (int, error) {
	return s.importPeople(ctx, by, r, may, true)
}

// PreviewPeople is ImportPeople without writing, as PreviewUnits is.
func (s *Store) PreviewPeople(ctx context.Context, by *org.Person, r io.Reader, may org.AdminCheck) (int, error) {
	return s.importPeople(ctx, by, r, may, false)
}

func (s *Store) importPeople(ctx context.Context, by *org.Person, r io.Reader, may org.AdminCheck, apply bool) (int, error) {
	return s.importCSV(ctx, r, peopleHeader, apply, func(ctx context.Context, tx *sql.Tx, rec []string) error {
		in := PersonInput{ID: rec[0], Name: rec[1], Email: rec[2]}
		if rec[3] != "" {
			in.Seats = []SeatInput{{UnitID: rec[3], Position: org.Position(strings.TrimSpace(rec[4]))}}
		}
		for _, role := range strings.Split(rec[5], ";") {
			if role = strings.TrimSpace(role); role != "" {
				in.Grants = append(in.Grants, GrantInput{Role: org.Role(role), UnitID: rec[3]})
			}
		}
		_, err := s.createPerson(ctx, tx, by, in, may, "")
		return err
	})
}

// errPreview ends a preview's transaction: everything it wrote is rolled back.
var errPreview = errors.New("import: preview")

// importCSV runs row for every record in one transaction, and commits it
// only when apply is set (a preview rolls back what the rows wrote). The log's leaves
// for the rows go through a bulk writer (ledger.Bulk): a country's tree
// and its people are some hundred thousand authority facts, and one append
// at a time reads back the sequencer, the chain's end and the tree hashes
// the import itself just wrote.
func (s *Store) importCSV(ctx context.Context, r io.Reader, header []string, apply bool, row func(context.Context, *sql.Tx, []string) error) (int, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	first, err := cr.Read()
	if err != nil || !sameHeader(first, header) {
		return 0, problem.New(problem.Invalid, "import_header", strings.Join(header, ","))
	}
	var bad []LineError
	n := 0
	bulk := s.log.NewBulk()
	err = s.db.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.startOrgLog(ctx, tx); err != nil {
			return err
		}
		ctx, _, err := bulk.Begin(ctx, tx)
		if err != nil {
			return err
		}
		for {
			rec, err := cr.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				var pe *csv.ParseError
				line := 0
				if errors.As(err, &pe) {
					line = pe.StartLine
				}
				bad = append(bad, LineError{Line: line, Message: i18n.T("import_line", line, err.Error())})
				// A field-count error still yields the record; any other
				// parse error leaves the reader unable to go on.
				if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
					continue
				}
				break
			}
			line, _ := cr.FieldPos(0)
			if len(rec) != len(header) {
				bad = append(bad, LineError{Line: line, Message: i18n.T("import_header", strings.Join(header, ","))})
				continue
			}
			for i := range rec {
				rec[i] = strings.TrimSpace(rec[i])
			}
			// A savepoint per line would let us keep going after a failed
			// insert on PostgreSQL; validation runs before any insert, so
			// a line that fails validation has written nothing.
			if err := row(ctx, tx, rec); err != nil {
				pe := problem.As(err)
				if pe.Kind == problem.Internal {
					return err
				}
				msg := pe.Message
				for _, fe := range pe.Fields {
					msg = i18n.Message{VI: msg.VI + " " + fe.Field + ": " + fe.Message.VI, EN: msg.EN + " " + fe.Field + ": " + fe.Message.EN}
				}
				bad = append(bad, LineError{Line: line, Message: i18n.T("import_line", line, "")})
				bad[len(bad)-1].Message.VI += msg.VI
				bad[len(bad)-1].Message.EN += msg.EN
				continue
			}
			n++
		}
		if len(bad) > 0 {
			return &ImportError{Lines: bad}
		}
		if !apply {
			return errPreview
		}
		return bulk.Flush(ctx)
	})
	if err != nil {
		bulk.Abort()
		if errors.Is(err, errPreview) {
			return n, nil
		}
		var ie *ImportError
		if errors.As(err, &ie) {
			e := problem.New(problem.Invalid, "import_failed", len(ie.Lines))
			for _, l := range ie.Lines {
				e.Fields = append(e.Fields, problem.FieldError{Field: "line " + itoa(l.Line), Code: "import_line", Message: l.Message})
			}
			return 0, e
		}
		return 0, err
	}
	return n, nil
}

func (e *ImportError) Error() string { return "import: bad lines" }

func sameHeader(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if strings.TrimSpace(strings.TrimPrefix(got[i], "\ufeff")) != want[i] {
			return false
		}
	}
	return true
}

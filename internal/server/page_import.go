package server

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"damlam/internal/org"
	"damlam/internal/problem"

	"github.com/xuri/excelize/v2"
)

// importData is the page that loads units or people from a file: upload,
// a preview that names every bad line (or shows what would be created),
// then one all-or-nothing import of exactly the previewed rows.
type importData struct {
	Kind   string
	Kinds  []option
	Header []string
	// After a preview: the file's rows as CSV (posted back to import
	// them), how many would be created, the first rows to show, and the
	// bad lines.
	Data  string
	Count int
	Rows  [][]string
	More  int
	Lines []importLine
	// After importing people: the invitation each received, to set a
	// password (the link is shown here when no mail carries it).
	Imported    int
	Invitations []InvitationResponse
}

type importLine struct {
	Line    string
	Message string
}

// importPreviewRows is how many of a previewed file's rows are shown.
const importPreviewRows = 20

// maxImport bounds an uploaded import file (a country's people fit).
const maxImport = 16 << 20

var importHeaders = map[string][]string{
	"units":  {"id", "parent_id", "name", "kind", "party_committee"},
	"people": {"id", "name", "email", "unit_id", "position", "roles"},
}

func (s *Server) importPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	v := s.newView(r, "admin", "web.import.title")
	d := &importData{Kind: r.URL.Query().Get("kind")}
	s.showImport(w, r, http.StatusOK, v, me, d)
}

func (s *Server) showImport(w http.ResponseWriter, r *http.Request, status int, v *view, me *org.Person, d *importData) {
	if len(adminRoots(me)) == 0 {
		s.pageError(w, r, problem.New(problem.Forbidden, "forbidden"))
		return
	}
	if _, ok := importHeaders[d.Kind]; !ok {
		d.Kind = "units"
	}
	d.Header = importHeaders[d.Kind]
	d.Kinds = opts(v, "web.import.kind.", "units", "people")
	v.Data = d
	s.render(w, r, status, "import", v)
}

// importPost previews an uploaded file (step "preview") or imports the
// rows a preview showed (step "import", with the preview's data).
func (s *Server) importPost(w http.ResponseWriter, r *http.Request, me *org.Person) {
	r.Body = http.MaxBytesReader(w, r.Body, 2*maxImport)
	v := s.newView(r, "admin", "web.import.title")
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		v.withProblem(problem.New(problem.Invalid, "import_too_large", maxImport>>20), "import", nil)
		s.showImport(w, r, http.StatusRequestEntityTooLarge, v, me, &importData{})
		return
	}
	d := &importData{Kind: r.PostForm.Get("kind")}
	if _, ok := importHeaders[d.Kind]; !ok {
		var f problem.Fields
		f.Add("kind", "field.one_of", "units, people")
		v.withProblem(f.Err(), "import", r.PostForm)
		s.showImport(w, r, http.StatusUnprocessableEntity, v, me, d)
		return
	}
	data := []byte(r.PostForm.Get("data"))
	if r.PostForm.Get("step") != "import" {
		var err error
		if data, err = uploadedTable(r); err != nil {
			v.withProblem(err, "import", r.PostForm)
			s.showImport(w, r, statusOf(problem.KindOf(err)), v, me, d)
			return
		}
	}
	if r.PostForm.Get("step") == "import" {
		var n int
		var err error
		if d.Kind == "units" {
			n, err = s.cases.ImportUnits(r.Context(), me, bytes.NewReader(data))
		} else {
			n, err = s.cases.ImportPeople(r.Context(), me, bytes.NewReader(data))
		}
		if err == nil && d.Kind == "people" {
			// Imported people sign in through an invitation.
			d.Imported = n
			d.Invitations, err = s.inviteImported(r, me, data)
			if err != nil {
				s.pageError(w, r, err)
				return
			}
			v.Notice = v.T("web.import.done", n)
			s.showImport(w, r, http.StatusOK, v, me, d)
			return
		}
		if err == nil {
			seeOther(w, r, "/admin?done=import&imported="+strconv.Itoa(n))
			return
		}
		// The organisation changed since the preview: show it again.
		s.importRefused(w, r, v, me, d, data, err)
		return
	}
	n, err := s.cases.PreviewImport(r.Context(), me, d.Kind, bytes.NewReader(data))
	if err != nil {
		s.importRefused(w, r, v, me, d, data, err)
		return
	}
	d.Data, d.Count = string(data), n
	d.Rows, d.More = previewRows(data)
	v.Notice = v.T("web.import.ready", n)
	s.showImport(w, r, http.StatusOK, v, me, d)
}

// importRefused shows the page with every bad line of data.
func (s *Server) importRefused(w http.ResponseWriter, r *http.Request, v *view, me *org.Person, d *importData, data []byte, err error) {
	pe := problem.As(err)
	if pe.Kind != problem.Invalid {
		s.pageError(w, r, err)
		return
	}
	for _, fe := range pe.Fields {
		d.Lines = append(d.Lines, importLine{Line: strings.TrimPrefix(fe.Field, "line "), Message: v.M(fe.Message)})
	}
	v.Problem = v.M(pe.Message)
	v.URL = &url.URL{Path: "/admin/import"}
	d.Rows, d.More = previewRows(data)
	s.showImport(w, r, http.StatusUnprocessableEntity, v, me, d)
}

// uploadedTable is the posted file as CSV: a CSV file as it is, a
// workbook's first sheet written out as CSV.
func uploadedTable(r *http.Request) ([]byte, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["file"]) == 0 || r.MultipartForm.File["file"][0].Size == 0 {
		var f problem.Fields
		f.Add("file", "field.required")
		return nil, f.Err()
	}
	fh := r.MultipartForm.File["file"][0]
	file, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxImport+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxImport {
		return nil, problem.New(problem.Invalid, "import_too_large", maxImport>>20)
	}
	if strings.EqualFold(filepath.Ext(fh.Filename), ".xlsx") || bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return workbookCSV(data)
	}
	return data, nil
}

// workbookCSV writes the first sheet of an xlsx workbook as CSV, each
// cell as the text Excel shows.
func workbookCSV(data []byte) ([]byte, error) {
	bad := func() error {
		var f problem.Fields
		f.Add("file", "field.bad_workbook")
		return f.Err()
	}
	wb, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, bad()
	}
	defer wb.Close()
	sheets := wb.GetSheetList()
	if len(sheets) == 0 {
		return nil, bad()
	}
	rows, err := wb.Rows(sheets[0])
	if err != nil {
		return nil, bad()
	}
	defer rows.Close()
	var out bytes.Buffer
	cw := csv.NewWriter(&out)
	width := 0
	for rows.Next() {
		cells, err := rows.Columns()
		if err != nil {
			return nil, bad()
		}
		if width == 0 {
			width = len(cells) // the header row says how wide every row is
		}
		for len(cells) < width {
			cells = append(cells, "")
		}
		if err := cw.Write(cells); err != nil {
			return nil, err
		}
	}
	cw.Flush()
	return out.Bytes(), cw.Error()
}

// previewRows are the first rows of data after its header, and how many
// more there are.
func previewRows(data []byte) ([][]string, int) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	if _, err := cr.Read(); err != nil {
		return nil, 0
	}
	var rows [][]string
	more := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				// still a row to show
			} else {
				break
			}
		}
		if len(rows) < importPreviewRows {
			rows = append(rows, rec)
		} else {
			more++
		}
	}
	return rows, more
}

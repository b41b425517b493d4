package server

import (
	"net/http"
	"strconv"
	"strings"

	"damlam/internal/org"
	"damlam/internal/problem"
	"damlam/internal/sqlstore"
)

// verifyData is the check of one event's receipt against the log as it
// stands now.
type verifyData struct {
	P     *sqlstore.ProposalView
	Event sqlstore.EventView
	Check *sqlstore.EventCheck
}

// verifyPage re-checks, on the server and at the moment of asking, that an
// event of the case is in the log and that the log still extends the
// checkpoint the event's receipt was issued under.
func (s *Server) verifyPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	p, ok := s.loadCase(w, r, me)
	if !ok {
		return
	}
	seq, err := strconv.Atoi(r.PathValue("seq"))
	if err != nil {
		s.pageError(w, r, problem.New(problem.NotFound, "not_found"))
		return
	}
	check, err := s.store.VerifyEvent(r.Context(), me, p.ID, seq)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d := verifyData{P: p, Check: check}
	for _, ev := range p.History {
		if ev.Seq == seq {
			d.Event = ev
		}
	}
	v := s.newView(r, "", "web.verify.title", check.LogIndex)
	v.Data = d
	s.render(w, r, http.StatusOK, "verify", v)
}

// dossierDownload sends the case's verifiable dossier (a zip an inspector
// checks offline with damlam-verify).
func (s *Server) dossierDownload(w http.ResponseWriter, r *http.Request, me *org.Person) {
	d, err := s.store.Dossier(r.Context(), me, r.PathValue("id"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="dossier-`+safeName(r.PathValue("id"))+`.zip"`)
	if err := d.WriteZip(w); err != nil {
		s.log.Error("dossier", "proposal", r.PathValue("id"), "err", err)
	}
}

func (s *Server) attachmentDownload(w http.ResponseWriter, r *http.Request, me *org.Person) {
	a, data, err := s.store.AttachmentData(r.Context(), me, r.PathValue("id"), r.PathValue("sha256"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	// Served as a download, never rendered here: an uploaded HTML file must
	// not run as a page of this site.
	w.Header().Set("Content-Type", a.MIME)
	w.Header().Set("Content-Disposition", contentDisposition(a.Name))
	w.Write(data)
}

// safeName keeps a file name from breaking out of its header.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '"' || r == '\\' || r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

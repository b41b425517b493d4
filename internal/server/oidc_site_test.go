package server

import (
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"testing"

	"damlam/internal/webtest"
)

// newPageSiteOnListener is newPageSiteOn served on ln, whose address
// must be known beforehand (a provider registers it as a redirect).
func newPageSiteOnListener(t *testing.T, opts Options, target string, ln net.Listener) *pageSite {
	t.Helper()
	site := webtest.NewSiteOn(t, target)
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	srv := httptest.NewUnstartedServer(New(site.Store, opts))
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return &pageSite{t: t, site: site, base: srv.URL, opts: opts}
}

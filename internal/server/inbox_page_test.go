package server

import (
	"context"
	"damlam/internal/casework"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"damlam/internal/sqlstore"
	"damlam/internal/webtest"
	"damlam/internal/workflow"
)

var (
	inboxCase = regexp.MustCompile(`<a href="/proposals/(DX-[0-9-]+)">`)
	inboxNext = regexp.MustCompile(`<a href="(/inbox\?[^"]+)" rel="next">Xem các việc tiếp theo</a>`)
)

// TestInboxPages: a head with more waiting than a page holds sees the
// first page, soonest due first, with the whole inbox's counts, and a
// plain link to the rest; following the links lists every case once.
func TestInboxPages(t *testing.T) {
	ps := newPageSite(t, Options{})
	ctx := context.Background()
	store, proposer := ps.site.Store, ps.site.Person(t, "pct1.bth")
	const n = sqlstore.InboxPageSize + 7
	for i := range n {
		c := webtest.AlleyRoadContent()
		c.Title = fmt.Sprintf("Sáng kiến số %d", i)
		id, err := casework.New(store).Create(ctx, proposer, "HCM-BTH", c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := casework.New(store).Do(ctx, proposer, id, workflow.Submit, nil); err != nil {
			t.Fatal(err)
		}
		if i%20 == 0 {
			ps.site.Clock.Advance(24 * time.Hour) // a few due dates, several cases each
		}
	}
	all, err := store.Inbox(ctx, ps.site.Person(t, "chutich.bth"))
	if err != nil || len(all) < n {
		t.Fatalf("the head's inbox: %d items %v", len(all), err)
	}
	c := ps.client("chutich.bth")
	body := ps.mustGet(c, "/inbox")
	if want := fmt.Sprintf("Có %d việc đang chờ bạn", len(all)); !strings.Contains(body, want) {
		t.Errorf("the first page does not count the whole inbox (%q)", want)
	}
	if !strings.Contains(body, fmt.Sprintf(`<span class="count">%d<`, len(all))) {
		t.Errorf("the navigation does not count the whole inbox")
	}
	if strings.Contains(body, "Về đầu danh sách") {
		t.Errorf("the first page links to itself as the start")
	}
	var listed []string
	for page := 1; ; page++ {
		got := inboxCase.FindAllStringSubmatch(body, -1)
		if len(got) == 0 || len(got) > sqlstore.InboxPageSize {
			t.Fatalf("page %d lists %d cases", page, len(got))
		}
		for _, m := range got {
			listed = append(listed, m[1])
		}
		next := inboxNext.FindStringSubmatch(body)
		if next == nil {
			break
		}
		if len(got) != sqlstore.InboxPageSize {
			t.Fatalf("page %d lists %d cases and links to more", page, len(got))
		}
		body = ps.mustGet(c, html.UnescapeString(next[1]))
		if !strings.Contains(body, `<a href="/inbox">Về đầu danh sách</a>`) {
			t.Errorf("page %d does not link back to the start", page+1)
		}
	}
	want := make([]string, len(all))
	for i, it := range all {
		want[i] = it.ID
	}
	if strings.Join(listed, " ") != strings.Join(want, " ") {
		t.Errorf("the pages list\n%v\nthe inbox is\n%v", listed, want)
	}
	// Links edited by hand: a date as Vietnamese write it is the same
	// date; one that is no date starts again from the top.
	for _, link := range []struct {
		query string
		first string
	}{
		{"after=" + all[0].ID + "&due=" + all[0].DueDate, all[1].ID},
		{"after=" + all[0].ID + "&due=" + dmy(all[0].DueDate), all[1].ID},
		{"after=" + all[0].ID + "&due=31-12", all[0].ID},
	} {
		got := inboxCase.FindStringSubmatch(ps.mustGet(c, "/inbox?"+link.query))
		if got == nil || got[1] != link.first {
			t.Errorf("/inbox?%s begins with %v, want %s", link.query, got, link.first)
		}
	}
}

// dmy writes a YYYY-MM-DD date as dd/mm/yyyy.
func dmy(iso string) string {
	y, md, _ := strings.Cut(iso, "-")
	m, d, _ := strings.Cut(md, "-")
	return d + "/" + m + "/" + y
}

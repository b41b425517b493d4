package sqlstore_test

import (
	"context"
	"slices"
	"testing"

	"damlam/internal/gen"
	"damlam/internal/org"
	"damlam/internal/sqlstore"
	"damlam/internal/testdb"
	"damlam/internal/workflow"
)

// walkInbox reads actor's inbox page after page, size items at a time, and
// checks every page's counts against the whole inbox's.
func walkInbox(t *testing.T, store *sqlstore.Store, actor *org.Person, size int, total, overdue int) []sqlstore.InboxItem {
	t.Helper()
	var out []sqlstore.InboxItem
	var after *sqlstore.InboxCursor
	for range total + 2 {
		page, err := store.InboxPage(context.Background(), actor, after, size)
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != total || page.Overdue != overdue {
			t.Fatalf("%s: a page counts %d items, %d overdue; the inbox has %d, %d", actor.ID, page.Total, page.Overdue, total, overdue)
		}
		if len(page.Items) > size || (page.Next != nil && len(page.Items) != size) {
			t.Fatalf("%s: a page of %d items, next %v, asked for %d", actor.ID, len(page.Items), page.Next, size)
		}
		out = append(out, page.Items...)
		if page.Next == nil {
			return out
		}
		after = page.Next
	}
	t.Fatalf("%s: the pages do not end", actor.ID)
	return nil
}

// inboxOrder is the inbox's order: soonest due first, cases without a due
// date last, ties by id.
func inboxOrder(a, b sqlstore.InboxItem) int {
	switch {
	case (a.DueDate == "") != (b.DueDate == ""):
		if a.DueDate == "" {
			return 1
		}
		return -1
	case a.DueDate != b.DueDate:
		if a.DueDate < b.DueDate {
			return -1
		}
		return 1
	case a.ID < b.ID:
		return -1
	case a.ID > b.ID:
		return 1
	}
	return 0
}

// TestInboxPagesWalkTheWholeInbox: for everyone of a small generated ward,
// the inbox is in order, holds each case once, and its pages of any size,
// followed from the first, list exactly it, with the same counts.
func TestInboxPagesWalkTheWholeInbox(t *testing.T) {
	ctx := context.Background()
	// The inbox ward weighted so that its head has a few pages of items.
	store, people := generatedWard(t, gen.Scale{Name: "ward", Provinces: []string{"HCM"}, Communes: 2, Proposals: 200, Pool: 10, InboxBoost: 4})
	longest, withBoth := 0, false
	for _, ps := range people {
		p, err := store.Person(ctx, ps.ID)
		if err != nil {
			t.Fatal(err)
		}
		all, err := store.Inbox(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.IsSortedFunc(all, inboxOrder) || len(slices.CompactFunc(slices.Clone(all), func(a, b sqlstore.InboxItem) bool { return a.ID == b.ID })) != len(all) {
			t.Fatalf("%s: the inbox is out of order or lists a case twice: %v", p.ID, ids(all))
		}
		overdue, dated := 0, 0
		for _, it := range all {
			if it.Overdue {
				overdue++
			}
			if it.DueDate != "" {
				dated++
				if it.WorkingDaysLeft == nil {
					t.Fatalf("%s: %s is due %s but has no working days left", p.ID, it.ID, it.DueDate)
				}
			}
		}
		longest = max(longest, len(all))
		withBoth = withBoth || (dated > 0 && dated < len(all))
		for _, size := range []int{1, 3, 7, sqlstore.InboxPageSize} {
			got := walkInbox(t, store, p, size, len(all), overdue)
			if !slices.Equal(ids(got), ids(all)) || !slices.EqualFunc(got, all, func(a, b sqlstore.InboxItem) bool { return a.As == b.As }) {
				t.Fatalf("%s: pages of %d list\n%v\nthe inbox is\n%v", p.ID, size, ids(got), ids(all))
			}
			// Every larger size would read the same single page again:
			// short runs (the race detector's, where SQLite is many times
			// slower) stop at the first size that holds the whole inbox.
			if testing.Short() && size >= len(all) {
				break
			}
		}
	}
	if longest < 12 || !withBoth {
		t.Errorf("the longest inbox has %d items (dated and undated in one: %v): the test proves little", longest, withBoth)
	}
}

func ids(items []sqlstore.InboxItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.ID + "/" + string(it.As)
	}
	return out
}

// TestInboxPageOrderAndRoles: a case the head may act on both as head and
// as a member is listed once, as head; the undated follow the dated, and
// a page that ends on either side goes on from there.
func TestInboxPageOrderAndRoles(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dialect, dsn string) {
		f := newFixture(t, dsn)
		submitted := f.draft("staff.bth", "BTH")
		f.do("staff.bth", submitted, workflow.Submit, nil)
		review := f.draft("staff.bth", "BTH")
		f.do("staff.bth", review, workflow.Submit, nil)
		f.do("head.bth", review, workflow.Convene, nil)
		f.do("party.bth", review, workflow.GivePartyOpinion, &workflow.PartyOpinionInput{Opinion: "agree", Text: "Đồng ý."})
		rejected := f.draft("staff.bth", "BTH")
		f.do("staff.bth", rejected, workflow.Submit, nil)
		f.do("head.bth", rejected, workflow.Reject, &workflow.ReasonRequiredInput{Reason: "Chưa đủ căn cứ."})

		head := f.people["head.bth"]
		all, err := f.store.Inbox(f.ctx, head)
		if err != nil {
			t.Fatal(err)
		}
		as := map[string]workflow.Who{}
		for _, it := range all {
			as[it.ID] = it.As
		}
		if len(all) != 3 || as[review] != workflow.WhoHead || as[submitted] != workflow.WhoHead || as[rejected] != workflow.WhoHead {
			t.Fatalf("the head's inbox: %v", ids(all))
		}
		if all[2].ID != rejected || all[2].DueDate != "" || all[0].DueDate == "" || all[1].DueDate == "" {
			t.Fatalf("the undated case is not last: %v (due %q %q %q)", ids(all), all[0].DueDate, all[1].DueDate, all[2].DueDate)
		}
		dep, err := f.store.Inbox(f.ctx, f.people["dep1.bth"])
		if err != nil || len(dep) != 1 || dep[0].ID != review || dep[0].As != workflow.WhoMember {
			t.Fatalf("a deputy's inbox: %v %v", ids(dep), err)
		}
		for i := range all {
			// From each item, the rest in one page.
			page, err := f.store.InboxPage(f.ctx, head, &sqlstore.InboxCursor{Due: all[i].DueDate, ID: all[i].ID}, 10)
			if err != nil || !slices.Equal(ids(page.Items), ids(all[i+1:])) || page.Next != nil || page.Total != 3 {
				t.Fatalf("after %s: %v next %v total %d %v; want %v", all[i].ID, ids(page.Items), page.Next, page.Total, err, ids(all[i+1:]))
			}
		}
	})
}

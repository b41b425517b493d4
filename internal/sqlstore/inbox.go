package sqlstore

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"damlam/internal/calendar"
	"damlam/internal/org"
	"damlam/internal/workflow"
)

// InboxItem is something that waits on the reader.
type InboxItem struct {
	ProposalSummary
	As              workflow.Who `json:"as"`
	WorkingDaysLeft *int         `json:"working_days_left,omitempty"`
	// Correction is the violation whose corrective deadline the item is
	// (its due_date), when it is one rather than the case's waiting step.
	Correction *workflow.ViolationRef `json:"correction,omitempty"`
}

// InboxCursor is where a page of an inbox ends: the due date ("" for a
// case without one) and the id of its last item. The next page begins
// after it, in the inbox's order, wherever the items before it went.
type InboxCursor struct {
	Due string
	ID  string
}

// InboxPage is one page of what waits on a reader.
type InboxPage struct {
	Items []InboxItem
	// Total and Overdue count the whole inbox, not only this page.
	Total   int
	Overdue int
	// Next is where the following page begins; nil on the last page.
	Next *InboxCursor
}

// InboxPageSize is how many items an inbox page shows.
const InboxPageSize = 50

// InboxPage lists a page of what waits on actor, after the cursor (nil:
// from the start), soonest due first, cases without a due date last, ties
// by id. The order's keys come from the inbox indexes alone (migration
// 00016) and only the page's rows are read: a page costs about the same
// for ten waiting cases as for two thousand.
func (s *Store) InboxPage(ctx context.Context, actor *org.Person, after *InboxCursor, limit int) (*InboxPage, error) {
	if limit <= 0 {
		limit = InboxPageSize
	}
	t, err := s.inboxTally(ctx, actor)
	if err != nil {
		return nil, err
	}
	keys, err := s.inboxKeys(ctx, actor, after, limit+1)
	if err != nil {
		return nil, err
	}
	page := &InboxPage{Total: t.Total, Overdue: t.Overdue}
	if len(keys) > limit {
		keys = keys[:limit]
		last := keys[limit-1]
		page.Next = &InboxCursor{Due: last.due, ID: last.id}
	}
	if page.Items, err = s.inboxItems(ctx, keys); err != nil {
		return nil, err
	}
	return page, nil
}

// Inbox lists everything that waits on actor, in the order of InboxPage:
// derived from the table's "who acts in which state", so it follows the
// lifecycle without a list of its own.
func (s *Store) Inbox(ctx context.Context, actor *org.Person) ([]InboxItem, error) {
	keys, err := s.inboxKeys(ctx, actor, nil, 0)
	if err != nil {
		return nil, err
	}
	return s.inboxItems(ctx, keys)
}

// InboxCount is len(Inbox(…)) without reading the items: every page shows
// it in the navigation.
func (s *Store) InboxCount(ctx context.Context, actor *org.Person) (int, error) {
	t, err := s.inboxTally(ctx, actor)
	return t.Total, err
}

// inboxKey is an item's place in the inbox order and the part that found
// it first.
type inboxKey struct {
	due, id string
	part    int
	who     workflow.Who
	// ref is the violation a corrective deadline's key is for.
	ref *workflow.ViolationRef
}

// inboxKeys are the keys of up to limit items after the cursor (all if
// limit is 0), in order. Each part gives its first limit keys through its
// index: an item among the first limit of the merged order is among the
// first limit of every part it belongs to, so the merge is exact. Dated
// items come first, and the undated are asked for only if the dated do
// not fill the page.
func (s *Store) inboxKeys(ctx context.Context, actor *org.Person, after *InboxCursor, limit int) ([]inboxKey, error) {
	parts := inboxParts(s.db.Dialect, actor, calendar.DateOf(s.now()))
	var out []inboxKey
	if after == nil || after.Due != "" {
		var got []inboxKey
		for i, pt := range parts {
			args := slices.Clone(pt.args)
			due := pt.dueColumn()
			where := pt.where + ` AND ` + due + ` > ''`
			if after != nil {
				where += ` AND (` + due + `, p.id) > (` + args.add(after.Due) + `, ` + args.add(after.ID) + `)`
			}
			cols, order := `p.id, `+due, due+`, p.id`
			if pt.violations {
				cols, order = cols+`, v.inspection, v.violation`, order+`, v.inspection, v.violation`
			}
			if err := s.scanKeys(ctx, `SELECT `+cols+` FROM `+pt.source()+` WHERE `+where+` ORDER BY `+order, args, limit, i, pt.who, pt.violations, &got); err != nil {
				return nil, err
			}
		}
		out = mergeKeys(got)
		if limit > 0 && len(out) >= limit {
			return out[:limit], nil
		}
	}
	var got []inboxKey
	for i, pt := range parts {
		if pt.datedOnly {
			continue
		}
		args := slices.Clone(pt.args)
		where := pt.where + ` AND p.due_date = ''`
		if after != nil && after.Due == "" {
			where += ` AND p.id > ` + args.add(after.ID)
		}
		if err := s.scanKeys(ctx, `SELECT p.id, p.due_date FROM `+pt.source()+` WHERE `+where+` ORDER BY p.id`, args, limit-len(out), i, pt.who, false, &got); err != nil {
			return nil, err
		}
	}
	out = append(out, mergeKeys(got)...)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// scanKeys appends the keys a query returns to got, the first limit of
// them if limit > 0.
func (s *Store) scanKeys(ctx context.Context, query string, args sqlArgs, limit, part int, who workflow.Who, violations bool, got *[]inboxKey) error {
	if limit > 0 {
		query += ` LIMIT ` + args.add(limit)
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		k := inboxKey{part: part, who: who}
		dest := []any{&k.id, &k.due}
		if violations {
			k.ref = &workflow.ViolationRef{}
			dest = append(dest, &k.ref.Inspection, &k.ref.Violation)
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		*got = append(*got, k)
	}
	return rows.Err()
}

// mergeKeys sorts keys of one kind (all dated or all undated) into the
// inbox order and keeps each item once, as the first part that has it: an
// item is a case and a due date, so a case's open violation due on
// another day than its waiting step is an item of its own.
func mergeKeys(keys []inboxKey) []inboxKey {
	slices.SortFunc(keys, func(a, b inboxKey) int {
		return cmp.Or(strings.Compare(a.due, b.due), strings.Compare(a.id, b.id), cmp.Compare(a.part, b.part))
	})
	return slices.CompactFunc(keys, func(a, b inboxKey) bool { return a.id == b.id && a.due == b.due })
}

// inboxItems reads the rows of the keys' items, in the keys' order, with
// the working days left to each due date.
func (s *Store) inboxItems(ctx context.Context, keys []inboxKey) ([]InboxItem, error) {
	out := make([]InboxItem, 0, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]ProposalSummary, len(keys))
	for chunk := range slices.Chunk(keys, 500) {
		var args sqlArgs
		ph := make([]string, len(chunk))
		for i, k := range chunk {
			ph[i] = args.add(k.id)
		}
		// Neither the folded text nor the content: an inbox shows no
		// excerpt, and they are most of a row's bytes.
		rows, err := s.summaries(ctx, `SELECT p.id, p.title, p.field, p.state, p.unit_id, p.proposer_id, p.due_date, p.updated_at, ''
			FROM proposals p WHERE p.id IN (`+strings.Join(ph, ",")+`)`, args, nil)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			byID[r.ID] = r
		}
	}
	today := calendar.DateOf(s.now())
	for _, k := range keys {
		row, ok := byID[k.id]
		if !ok {
			continue // proposals are never deleted; should one be, it is not shown
		}
		it := InboxItem{ProposalSummary: row, As: k.who}
		if k.ref != nil {
			it.DueDate, it.Correction = k.due, k.ref
			it.Overdue = k.due < today.String()
		}
		if it.DueDate != "" {
			due, _ := calendar.ParseDate(it.DueDate)
			left := cal.WorkingDaysBetween(today, due)
			it.WorkingDaysLeft = &left
		}
		out = append(out, it)
	}
	return out, nil
}

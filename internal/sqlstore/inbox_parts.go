package sqlstore

import (
	"context"
	"slices"
	"strings"

	"damlam/internal/calendar"
	"damlam/internal/org"
	"damlam/internal/workflow"
)

// inboxQuery is one part of an inbox: whom it asks as, and the condition
// of its rows (over proposals p). datedOnly says no row of it lacks a due
// date, so the undated end of the inbox need not ask it.
type inboxQuery struct {
	who workflow.Who
	// from is what the rows come from; "" is proposals p alone.
	from      string
	where     string
	args      sqlArgs
	datedOnly bool
	// violations says the rows are open corrective deadlines (v): each
	// is due on its deadline, not on the case's due date.
	violations bool
}

// dueColumn is what a row of q is due on.
func (q inboxQuery) dueColumn() string {
	if q.violations {
		return "v.deadline"
	}
	return "p.due_date"
}

// source is the FROM clause of q's rows.
func (q inboxQuery) source() string {
	if q.from == "" {
		return "proposals p"
	}
	return q.from
}

// inboxParts are the parts of actor's inbox, derived from the table's
// "who acts in which state", so it follows the lifecycle without a list of
// its own. Every condition is answered by one index of migration 00016,
// which holds the inbox's order too (due date, id).
func inboxParts(dialect string, actor *org.Person, today calendar.Date) []inboxQuery {
	var heads, members, party []string
	for _, st := range actor.Seats {
		switch st.Position {
		case org.Head:
			heads = append(heads, st.UnitID)
			members = append(members, st.UnitID)
		case org.Deputy:
			members = append(members, st.UnitID)
		}
	}
	for _, g := range actor.Grants {
		if g.Role == org.PartyCommittee {
			party = append(party, g.UnitID)
		}
	}
	type part struct {
		who   workflow.Who
		col   string
		ids   []string
		extra string
	}
	parts := []part{
		{workflow.WhoHead, "p.decider_id", heads, ""},
		{workflow.WhoMember, "p.decider_id", members, " AND p.proposer_id <> $ME"},
		{workflow.WhoParty, "p.decider_id", party, ""},
		{workflow.WhoProposer, "p.proposer_id", []string{actor.ID}, ""},
		{workflow.WhoImplementer, "p.proposer_id", []string{actor.ID}, ""},
	}
	var out []inboxQuery
	// An open violation is due on its corrective deadline, to the proposer
	// and the implementers the plan names, while it may be corrected;
	// first, so that on the day its case's own step is due too, the item
	// says which violation. Each part starts from the reader's own rows
	// (their cases as proposer, their implementer index rows) and reads
	// those cases' open violations (migration 00027): on SQLite CROSS JOIN
	// keeps that order as written.
	for _, from := range []struct{ from, who string }{
		{`proposals p CROSS JOIN corrective_deadlines v`, `p.proposer_id = `},
		{`proposal_implementers i CROSS JOIN proposals p CROSS JOIN corrective_deadlines v`, `p.id = i.proposal_id AND i.person_id = `},
	} {
		var args sqlArgs
		me := args.add(actor.ID)
		var statePh []string
		for _, st := range workflow.CorrectingStates() {
			statePh = append(statePh, args.add(string(st)))
		}
		out = append(out, inboxQuery{who: workflow.WhoImplementer, args: args, datedOnly: true, violations: true, from: from.from,
			where: from.who + me + ` AND v.proposal_id = p.id AND v.corrected_at = '' AND p.state IN (` + strings.Join(statePh, ",") + `)`})
	}
	for _, pt := range parts {
		if len(pt.ids) == 0 {
			continue
		}
		var args sqlArgs
		extra := pt.extra
		if strings.Contains(extra, "$ME") {
			// PostgreSQL refuses a parameter the query does not use.
			extra = strings.ReplaceAll(extra, "$ME", args.add(actor.ID))
		}
		var idPh, statePh []string
		for _, id := range pt.ids {
			idPh = append(idPh, args.add(id))
		}
		for _, st := range workflow.StatesWhere(pt.who) {
			statePh = append(statePh, args.add(string(st)))
		}
		out = append(out, inboxQuery{who: pt.who, where: pt.col + ` IN (` + strings.Join(idPh, ",") + `) AND p.state IN (` + strings.Join(statePh, ",") + `)` + extra, args: args})
	}
	// The people a plan names to carry it out, besides its proposer, act in
	// the implementer's states too (workflow.Authorize reads them from the
	// content); their cases are found through proposal_implementers.
	{
		var args sqlArgs
		me := args.add(actor.ID)
		var statePh []string
		for _, st := range workflow.StatesWhere(workflow.WhoImplementer) {
			statePh = append(statePh, args.add(string(st)))
		}
		// From the person's few index rows to their cases: SQLite, free to
		// choose, walks the due-date order of every proposal instead
		// (CROSS JOIN keeps the order as written; PostgreSQL plans it as
		// any join).
		out = append(out, inboxQuery{who: workflow.WhoImplementer, args: args,
			from:  `proposal_implementers i CROSS JOIN proposals p`,
			where: `i.person_id = ` + me + ` AND p.id = i.proposal_id AND p.state IN (` + strings.Join(statePh, ",") + `)`})
	}
	// Escalated cases of the units below a head: the head of the superior
	// agency sees what their subordinates let run late. The units below
	// are the paths that begin with the head's unit's and are not it (a
	// unit's path names it as its id does). On SQLite a range of the
	// binary order says "begins with" and walks the index of escalated
	// cases; PostgreSQL orders text by its collation, where it stays a LIKE.
	for _, st := range actor.Seats {
		if st.Position != org.Head {
			continue
		}
		var args sqlArgs
		below := `p.decider_path LIKE ` + args.add(likePrefix(st.UnitPath)) + ` ESCAPE '\' AND p.decider_path <> ` + args.add(st.UnitPath)
		if dialect == SQLite {
			args = nil
			below = `p.decider_path > ` + args.add(st.UnitPath) + ` AND p.decider_path < ` + args.add(pathEnd(st.UnitPath))
		}
		out = append(out, inboxQuery{who: workflow.WhoSuperior, where: below + `
			AND p.due_date > '' AND p.due_date < ` + args.add(today.String()) + ` AND p.escalated_for = p.entered_at`, args: args, datedOnly: true})
		// And the violations sent up uncorrected.
		vargs := slices.Clone(args[:len(args)-1])
		out = append(out, inboxQuery{who: workflow.WhoSuperior, args: vargs, datedOnly: true, violations: true,
			from:  `corrective_deadlines v CROSS JOIN proposals p`,
			where: `v.corrected_at = '' AND v.escalated_at > '' AND p.id = v.proposal_id AND ` + below})
	}
	return out
}

// inboxTally is the size of an inbox and how much of it is overdue.
type inboxTally struct{ Total, Overdue int }

// inboxTally counts actor's inbox from the inbox indexes, without reading
// a row (on SQLite the row number identifies a case as well as its id, and
// the indexes hold it); kept until the database changes (changes.go).
func (s *Store) inboxTally(ctx context.Context, actor *org.Person) (inboxTally, error) {
	today := calendar.DateOf(s.now())
	key := "inbox|" + personKey(actor) + "|" + today.String()
	return kept(ctx, s, key, func() (inboxTally, error) {
		col := "p.id"
		if s.db.Dialect == SQLite {
			col = "p.rowid"
		}
		// An item is a case and its due date (inbox.go, mergeKeys).
		type item struct{ id, due string }
		due := map[item]bool{}
		for _, q := range inboxParts(s.db.Dialect, actor, today) {
			rows, err := s.db.QueryContext(ctx, `SELECT `+col+`, `+q.dueColumn()+` FROM `+q.source()+` WHERE `+q.where, q.args...)
			if err != nil {
				return inboxTally{}, err
			}
			for rows.Next() {
				var id, d string
				if err := rows.Scan(&id, &d); err != nil {
					rows.Close()
					return inboxTally{}, err
				}
				due[item{id, d}] = true
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return inboxTally{}, err
			}
		}
		t := inboxTally{Total: len(due)}
		for it := range due {
			if d := it.due; d != "" && d < today.String() {
				t.Overdue++
			}
		}
		return t, nil
	})
}

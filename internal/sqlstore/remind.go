package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"damlam/internal/calendar"
	"damlam/internal/workflow"
)

// Reminder is one reminder written.
type Reminder struct {
	ProposalID string   `json:"proposal_id"`
	State      string   `json:"state"`
	Kind       string   `json:"kind"`
	DueDate    string   `json:"due_date"`
	Notified   []string `json:"notified"`
}

// Remind writes the reminders owed today (workflow.ReminderDue) to the
// people each waiting case waits on (workflow.WaitingOn): Config.ReminderDays
// working days before the due date (two unless configured) and on the day; escalation follows the day after
// (EscalateOverdue). Open corrective deadlines of violations are reminded
// to the implementers the same way. Each case, waiting spell and kind is written once,
// whichever instance runs it and however often (the reminders table's
// key); a member who has voted is not reminded to vote, and a reminder
// whose case moves on before it is mailed is dropped from the outbox.
func (s *Store) Remind(ctx context.Context) ([]Reminder, error) {
	if s.quiet {
		return nil, nil
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	today := calendar.DateOf(s.now())
	widest, err := s.widestReminder(ctx)
	if err != nil {
		return nil, err
	}
	ids, err := column(ctx, s.db, `SELECT id FROM proposals WHERE due_date >= $1 AND due_date <= $2 ORDER BY due_date, id`,
		today.String(), workflow.ReminderWindow(cal, today, widest).String())
	if err != nil {
		return nil, err
	}
	out := []Reminder{}
	for _, id := range ids {
		var r Reminder
		err := s.db.inTx(ctx, func(tx *sql.Tx) error {
			var err error
			r, err = s.remindOne(ctx, tx, cal, today, id)
			return err
		})
		if errors.Is(err, errNoReminder) {
			continue
		}
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	vs, err := s.remindCorrective(ctx, cal, today) // corrective.go
	return append(out, vs...), err
}

var errNoReminder = errors.New("no reminder owed")

func (s *Store) remindOne(ctx context.Context, tx *sql.Tx, cal *calendar.Calendar, today calendar.Date, id string) (Reminder, error) {
	c, err := s.loadCase(ctx, tx, id, false)
	if err != nil {
		return Reminder{}, err
	}
	due, err := calendar.ParseDate(c.DueDate)
	if err != nil {
		return Reminder{}, errNoReminder
	}
	kind := workflow.ReminderDue(cal, today, due, s.reminderDaysOf(c))
	to := workflow.WaitingOn(c.State)
	if kind == "" || len(to) == 0 {
		return Reminder{}, errNoReminder
	}
	spell := fmtTime(c.EnteredAt)
	at := fmtTime(s.now())
	res, err := tx.ExecContext(ctx, `INSERT INTO reminders (proposal_id, spell, kind, due_date, at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
		c.ID, spell, kind, c.DueDate, at)
	if err != nil {
		return Reminder{}, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Reminder{}, errNoReminder
	}
	var people []string
	for _, a := range to {
		ids, err := s.audience(ctx, tx, c, workflow.Record{}, []workflow.Audience{a}, "")
		if err != nil {
			return Reminder{}, err
		}
		if a == workflow.ToMembers {
			// A member who has voted has taken their step.
			voted, err := column(ctx, tx, `SELECT person_id FROM votes WHERE proposal_id = $1 AND round = $2`, c.ID, c.VoteRound)
			if err != nil {
				return Reminder{}, err
			}
			ids = without(ids, voted)
		}
		people = append(people, without(ids, people)...)
	}
	n := told{proposal: c.ID, kind: "remind_" + kind, urgent: kind == workflow.RemindDueDay, link: "/proposals/" + c.ID, due: c.DueDate, at: at, spell: spell}
	if err := s.tell(ctx, tx, people, n); err != nil {
		return Reminder{}, err
	}
	return Reminder{ProposalID: c.ID, State: string(c.State), Kind: kind, DueDate: c.DueDate, Notified: people}, nil
}

// without is ids less those in drop, in order.
func without(ids, drop []string) []string {
	gone := map[string]bool{}
	for _, d := range drop {
		gone[d] = true
	}
	out := ids[:0:0]
	for _, id := range ids {
		if !gone[id] {
			out = append(out, id)
		}
	}
	return out
}

// reminderDaysOf is how many working days ahead case c's first reminder
// goes out: its locality's set says, and a case under the national set
// follows the deployment's setting (Config.ReminderDays).
func (s *Store) reminderDaysOf(c *caseRow) int {
	if c.Rules != nil && c.Rules.ID != workflow.NationalRulesID {
		return c.Rules.ReminderDays
	}
	return s.reminderDays
}

// widestReminder is the most working days ahead any case's first reminder
// may go out: the deployment's setting or any version of a locality's set.
func (s *Store) widestReminder(ctx context.Context) (int, error) {
	sets, err := s.RuleSets(ctx)
	if err != nil {
		return 0, err
	}
	widest := s.reminderDays
	for _, rs := range sets {
		widest = max(widest, rs.ReminderDays)
	}
	return widest, nil
}

package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"damlam/internal/calendar"
	"damlam/internal/workflow"
)

// KindDigest is the kind of an outbox row that carries a day's notices to
// someone who asked for a digest.
const KindDigest = "digest"

// DigestHour is the hour (Vietnamese time) from which the day's digests
// are written: the morning's mail holds the day before.
const DigestHour = 7

// QueueDigests writes, once a day from DigestHour on, one outbox row per
// person who takes a digest and has notices waiting for one; the row's
// id holds the person and the day, so a second run (or instance) the same
// day writes nothing. It returns how many it wrote.
func (s *Store) QueueDigests(ctx context.Context) (int, error) {
	now := s.now()
	if now.In(calendar.Vietnam()).Hour() < DigestHour {
		return 0, nil
	}
	who, err := column(ctx, s.db, `SELECT DISTINCT person_id FROM notifications WHERE digest = '' ORDER BY person_id`)
	if err != nil {
		return 0, err
	}
	day := calendar.DateOf(now).String()
	at := fmtTime(now)
	n := 0
	for _, p := range who {
		id := "dg_" + strings.ReplaceAll(day, "-", "") + "_" + p
		err := s.db.inTx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `INSERT INTO outbox (id, person_id, kind, to_addr, due_date, created_at, next_at)
				SELECT $1, id, $2, email, $3, $4, $4 FROM people WHERE id = $5 AND email <> ''
				ON CONFLICT (id) DO NOTHING`, id, KindDigest, day, at, p)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k == 0 {
				return nil // today's went out already: tomorrow's carries these
			}
			n++
			_, err = tx.ExecContext(ctx, `UPDATE notifications SET digest = $1 WHERE person_id = $2 AND digest = ''`, id, p)
			return err
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// digestOf lists the notices digest row id carries, oldest first.
func (s *Store) digestOf(ctx context.Context, q querier, id string) ([]Notification, error) {
	rows, err := q.QueryContext(ctx, `SELECT n.id, n.proposal_id, COALESCE(p.title, ''), n.kind, n.at, n.urgent, n.due_date, n.link
		FROM notifications n LEFT JOIN proposals p ON p.id = n.proposal_id WHERE n.digest = $1 ORDER BY n.at, n.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		var urgent int64
		if err := rows.Scan(&n.ID, &n.ProposalID, &n.Title, &n.Kind, &n.At, &urgent, &n.DueDate, &n.Link); err != nil {
			return nil, err
		}
		n.Urgent = urgent != 0
		n.Message = workflow.NoticeMessage(n.Kind, n.ProposalID, n.Title, DisplayDate(n.DueDate))
		out = append(out, n)
	}
	return out, rows.Err()
}

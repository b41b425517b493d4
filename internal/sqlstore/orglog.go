package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"damlam/internal/org"
	"damlam/internal/proof"
)

// Authority is in the log too. Every change to units, people, positions,
// grants and calendar_days appends a leaf (proof.TypeSeated and friends) in
// the same transaction and keeps its business record in org_events, as an
// action does with events: the audit re-derives each leaf from its row and
// replays the rows against the tables (audit_org.go), and a dossier carries
// the chain that shows a decider held their seat when deciding.
//
// Leaves carry ids, pseudonyms and digests: a name, an e-mail address or a
// note is in the leaf as its SHA-256, and in clear only in the payload and
// the tables, which stay in the database.

// orgPayload is the business record of one authority fact, as stored in
// org_events.payload and hashed into its leaf. Which keys are set depends
// on the kind; the struct fixes their order, so one fact has one JSON.
type orgPayload struct {
	Unit           string `json:"unit,omitempty"`
	Parent         string `json:"parent,omitempty"`
	Name           string `json:"name,omitempty"`
	Kind           string `json:"kind,omitempty"` // a unit's kind
	PartyCommittee string `json:"party_committee,omitempty"`
	Path           string `json:"path,omitempty"`
	Person         string `json:"person,omitempty"` // person id
	Email          string `json:"email,omitempty"`
	Pseudonym      string `json:"pseudonym,omitempty"`
	Position       string `json:"position,omitempty"`
	Role           string `json:"role,omitempty"`
	Day            string `json:"day,omitempty"`
	DayKind        string `json:"day_kind,omitempty"`
	Note           string `json:"note,omitempty"`
	Rows           int    `json:"rows,omitempty"`  // org.recording_started: rows recorded at once
	Rules          string `json:"rules,omitempty"` // org.rules_issued: the set's id, version and digest
	RulesVersion   int    `json:"rules_version,omitempty"`
	RulesSHA256    string `json:"rules_sha256,omitempty"`
}

// orgEventRow is one row of org_events.
type orgEventRow struct {
	LogIndex  int64
	Chain     string
	Seq       int
	PrevIndex int64
	Kind      string
	UnitID    string
	PersonID  string
	Payload   string
	At        string
	ActorID   string
}

// orgChain is the chain a fact belongs to, from its payload alone.
func orgChain(kind string, p *orgPayload) string {
	switch kind {
	case proof.TypeUnitCreated:
		return proof.UnitChain(p.Unit)
	case proof.TypePersonCreated:
		return proof.PersonChain(p.Pseudonym)
	case proof.TypeSeated, proof.TypeUnseated, proof.TypeGranted, proof.TypeRevoked:
		return proof.AuthorityChain(p.Unit, p.Pseudonym)
	case proof.TypeDaySet, proof.TypeDayCleared:
		return proof.CalendarChain
	case proof.TypeRecordingStarted:
		return proof.RecordingChain
	case proof.TypeRulesIssued:
		return proof.RulesChain(p.Rules)
	}
	return ""
}

// orgLeafOf derives an org event's leaf from its row (with its payload
// decoded) and its actor's pseudonym alone; the audit calls it again on
// the stored rows.
func orgLeafOf(ev orgEventRow, p *orgPayload, pseudonym string) ([]byte, error) {
	fields := []proof.Field{{Key: proof.FieldPayload, Value: sha256Hex([]byte(ev.Payload))}}
	add := func(k, v string) { fields = append(fields, proof.Field{Key: k, Value: v}) }
	digest := func(s string) string { return sha256Hex([]byte(s)) }
	switch ev.Kind {
	case proof.TypeUnitCreated:
		add(proof.FieldUnit, p.Unit)
		if p.Parent != "" {
			add(proof.FieldUnitParent, p.Parent)
		}
		add(proof.FieldUnitKind, p.Kind)
		add(proof.FieldUnitPath, p.Path)
		add(proof.FieldName, digest(p.Name))
		if p.PartyCommittee != "" {
			add(proof.FieldParty, digest(p.PartyCommittee))
		}
	case proof.TypePersonCreated:
		add(proof.FieldPerson, p.Pseudonym)
		add(proof.FieldName, digest(p.Name))
		add(proof.FieldEmail, digest(p.Email))
	case proof.TypeSeated, proof.TypeUnseated:
		add(proof.FieldPerson, p.Pseudonym)
		add(proof.FieldUnit, p.Unit)
		add(proof.FieldPosition, p.Position)
	case proof.TypeGranted, proof.TypeRevoked:
		add(proof.FieldPerson, p.Pseudonym)
		add(proof.FieldUnit, p.Unit)
		add(proof.FieldRole, p.Role)
	case proof.TypeDaySet:
		add(proof.FieldDay, p.Day)
		add(proof.FieldDayKind, p.DayKind)
		add(proof.FieldNote, digest(p.Note))
	case proof.TypeDayCleared:
		add(proof.FieldDay, p.Day)
	case proof.TypeRecordingStarted:
		add(proof.FieldRecorded, strconv.Itoa(p.Rows))
	case proof.TypeRulesIssued:
		add(proof.FieldRules, p.Rules)
		add(proof.FieldRulesVer, strconv.Itoa(p.RulesVersion))
		add(proof.FieldUnit, p.Unit)
		add(proof.FieldRulesSHA, p.RulesSHA256)
	default:
		return nil, fmt.Errorf("unknown authority fact %q", ev.Kind)
	}
	return proof.Entry{
		Type:   ev.Kind,
		Case:   orgChain(ev.Kind, p),
		Seq:    ev.Seq,
		Prev:   ev.PrevIndex,
		Time:   parseTime(ev.At),
		Actor:  pseudonym,
		State:  "-",
		Fields: fields,
	}.Marshal()
}

// orgEnds are chain ends a caller knows without reading org_events: the
// chains of a person created in this transaction (their pseudonym is new)
// or of a new unit start empty. An import of a country's people spent a
// fifth of its time reading back those empty ends. The log still checks
// every chain itself (ledger.Log.Append).
type orgEnds map[string]orgEnd

type orgEnd struct {
	seq int
	idx int64
}

// fresh records that chains have no leaf yet.
func (e orgEnds) fresh(chains ...string) orgEnds {
	for _, c := range chains {
		e[c] = orgEnd{0, -1}
	}
	return e
}

// logOrg appends one authority fact to the log inside tx and records it in
// org_events. Call it after the change to the table it records, in the
// same transaction: a fact refused by the log rolls the change back.
func (s *Store) logOrg(ctx context.Context, tx querier, actor *org.Person, kind string, p orgPayload) error {
	return s.logOrgAt(ctx, tx, actor, kind, p, nil)
}

// logOrgAt is logOrg with the chain ends the caller knows (nil: none); it
// keeps them up to date.
func (s *Store) logOrgAt(ctx context.Context, tx querier, actor *org.Person, kind string, p orgPayload, ends orgEnds) error {
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	ev := orgEventRow{Chain: orgChain(kind, &p), Kind: kind, UnitID: p.Unit, PersonID: p.Person, Payload: string(body),
		At: fmtTime(s.now()), ActorID: SystemActor}
	pseudonym := SystemActor
	if actor != nil {
		ev.ActorID, pseudonym = actor.ID, actor.Pseudonym
	}
	if end, ok := ends[ev.Chain]; ok {
		ev.Seq, ev.PrevIndex = end.seq, end.idx
	} else {
		// The chain's end as org_events has it: under a bulk writer the
		// log's own rows are still buffered, the business rows are not.
		err = tx.QueryRowContext(ctx, `SELECT seq, log_index FROM org_events WHERE chain = $1 ORDER BY seq DESC LIMIT 1`, ev.Chain).
			Scan(&ev.Seq, &ev.PrevIndex)
		if errors.Is(err, sql.ErrNoRows) {
			ev.Seq, ev.PrevIndex = 0, -1
		} else if err != nil {
			return err
		}
	}
	ev.Seq++
	leaf, err := orgLeafOf(ev, &p, pseudonym)
	if err != nil {
		return err
	}
	if ev.LogIndex, err = s.log.Append(ctx, tx, ev.Chain, leaf); err != nil {
		return err
	}
	if ends != nil {
		ends[ev.Chain] = orgEnd{ev.Seq, ev.LogIndex}
	}
	if _, err = tx.ExecContext(ctx, `INSERT INTO org_events (log_index, chain, seq, prev_index, kind, unit_id, person_id, payload, at, actor_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		ev.LogIndex, ev.Chain, ev.Seq, ev.PrevIndex, ev.Kind, ev.UnitID, ev.PersonID, ev.Payload, ev.At, ev.ActorID); err != nil {
		return err
	}
	if ends != nil {
		return nil // a bulk import: its file is the record of who got what
	}
	return recordRoleChange(ctx, tx, s.now(), actor, kind, p)
}

// recordRoleChange keeps a change of post or role among the access
// events, in the transaction that makes it: who (actor), when, from which
// address (the request's, WithAddress), to whom and over which unit, so
// that the administrators read it with the sign-ins. A change refused
// rolls back with its record. The unit's path scopes who reads it: the
// administrators of the unit the change was about.
func recordRoleChange(ctx context.Context, tx querier, now time.Time, actor *org.Person, kind string, p orgPayload) error {
	var event, detail string
	switch kind {
	case proof.TypeSeated:
		event, detail = EventRoleGranted, p.Position+" "+p.Unit
	case proof.TypeUnseated:
		event, detail = EventRoleWithdrawn, p.Position+" "+p.Unit
	case proof.TypeGranted:
		event, detail = EventRoleGranted, p.Role+" "+p.Unit
	case proof.TypeRevoked:
		event, detail = EventRoleWithdrawn, p.Role+" "+p.Unit
	default:
		return nil
	}
	path, err := unitPath(ctx, tx, p.Unit)
	if err != nil {
		return err
	}
	return insertAuthEvent(ctx, tx, now, AuthEvent{Kind: event, ActorID: actorID(actor), Subject: p.Person, Address: AddressOf(ctx), Detail: detail}, path)
}

type addressKey struct{}

// WithAddress carries the address a change comes from (the client's, as
// the server counts it) to the records the change writes.
func WithAddress(ctx context.Context, address string) context.Context {
	return context.WithValue(ctx, addressKey{}, address)
}

// AddressOf is the address WithAddress put in ctx ("" when none: the
// command line).
func AddressOf(ctx context.Context) string {
	a, _ := ctx.Value(addressKey{}).(string)
	return a
}

// pseudonymOf reads a person's pseudonym, locking their row on PostgreSQL:
// two administrators changing one person's seats at once would otherwise
// both build on the same end of the person's chain, and the second would
// fail at the log instead of waiting. NO KEY UPDATE, because an action
// that inserts a vote takes a key-share lock on its voter's row after the
// log's sequencer, which this transaction takes next: FOR UPDATE would
// let the two wait on each other.
func (s *Store) pseudonymOf(ctx context.Context, tx querier, personID string) (string, bool, error) {
	lock := ""
	if s.db.Dialect == Postgres {
		lock = " FOR NO KEY UPDATE"
	}
	var ps string
	err := tx.QueryRowContext(ctx, `SELECT pseudonym FROM people WHERE id = $1`+lock, personID).Scan(&ps)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return ps, err == nil, err
}

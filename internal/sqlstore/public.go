package sqlstore

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"damlam/internal/calendar"
	"damlam/internal/proof"
	"damlam/internal/workflow"
)

// The public page (/cong-khai) reads only what a unit chose to publish
// and only the rows below: a pilot's title, field, approved scope,
// indicators against targets, state, evaluation result and the decisions
// that set its scope, with their log indices. It never reads votes,
// opinions, minutes, evaluations' findings, protection or progress texts,
// and names a person only where the unit chose to publish names.

// PublicUnit is a unit that publishes its pilots.
type PublicUnit struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Pilots int    `json:"pilots"`
	Names  bool   `json:"-"`
	Money  bool   `json:"-"`
}

// PublicPilot is one approved pilot as the public sees it.
type PublicPilot struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Field string `json:"field"`
	// UnitID and UnitName are the unit that proposed it.
	UnitID   string `json:"unit_id"`
	UnitName string `json:"unit_name"`
	// DeciderName is the office that decided.
	DeciderName string `json:"deciding_office"`
	// Proposer is the proposer's name, only where the unit publishes names.
	Proposer string         `json:"proposer,omitempty"`
	State    workflow.State `json:"state"`
	// Result is the evaluation's result, once evaluated.
	Result     workflow.Result `json:"result,omitempty"`
	Start      string          `json:"start"`
	End        string          `json:"end"`
	ScopeUnits []string        `json:"scope_units"`
	// BudgetVND and SpentVND are shown only where the unit publishes money.
	BudgetVND  *int64            `json:"budget_vnd,omitempty"`
	SpentVND   *int64            `json:"spent_vnd,omitempty"`
	Indicators []PublicIndicator `json:"indicators"`
	Decisions  []PublicDecision  `json:"decisions"`
	UpdatedAt  time.Time         `json:"updated_at"`
}

// PublicIndicator is an approved target and the latest value reported.
type PublicIndicator struct {
	Name     string   `json:"name"`
	Unit     string   `json:"unit"`
	Target   float64  `json:"target"`
	Latest   *float64 `json:"latest,omitempty"`
	Reported string   `json:"reported_on,omitempty"` // yyyy-mm-dd of the latest report
}

// PublicDecision is a decision that set the pilot's approved scope: the
// approval, then each adjustment. LogIndex is its leaf in the public log.
type PublicDecision struct {
	Action   workflow.Action `json:"action"`
	Number   string          `json:"number,omitempty"`
	At       time.Time       `json:"at"`
	LogIndex int64           `json:"log_index"`
}

// PublicUnits lists the units that publish, in tree order, with how many
// approved pilots each shows.
func (s *Store) PublicUnits(ctx context.Context) ([]PublicUnit, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT u.id, u.name, u.kind, pb.names, pb.money,
		(SELECT COUNT(*) FROM proposals x WHERE x.unit_path = u.path AND x.scope <> '')
		FROM unit_publication pb JOIN units u ON u.id = pb.unit_id
		WHERE pb.published = 1 ORDER BY u.path`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []PublicUnit{}
	for rows.Next() {
		var u PublicUnit
		var names, money int64
		if err := rows.Scan(&u.ID, &u.Name, &u.Kind, &names, &money, &u.Pilots); err != nil {
			return nil, err
		}
		u.Names, u.Money = names == 1, money == 1
		out = append(out, u)
	}
	return out, rows.Err()
}

// PublicUnitByID is one publishing unit; ok is false for a unit that does
// not publish (or does not exist: the public cannot tell the two apart).
func (s *Store) PublicUnitByID(ctx context.Context, id string) (PublicUnit, bool, error) {
	units, err := s.PublicUnits(ctx)
	if err != nil {
		return PublicUnit{}, false, err
	}
	for _, u := range units {
		if u.ID == id {
			return u, true, nil
		}
	}
	return PublicUnit{}, false, nil
}

// publicActions are the events the public page reads: those that set the
// scope, and the reports that carry indicator values.
var publicActions = []workflow.Action{workflow.ApprovePilot, workflow.ApproveOverride, workflow.Approve, workflow.Adjust,
	workflow.ReportProgress, workflow.ReportCompletion}

// PublicPilots lists the approved pilots of the unit (every publishing
// unit when unitID is ""), most recently changed first. Each unit's cases
// are read by its path (the proposals_unit index) and their events by
// case (the events key), so that a busy ward costs its own rows only.
func (s *Store) PublicPilots(ctx context.Context, unitID string) ([]PublicPilot, error) {
	units, err := s.PublicUnits(ctx)
	if err != nil {
		return nil, err
	}
	var args sqlArgs
	var paths []string
	for _, u := range units {
		if unitID == "" || u.ID == unitID {
			path, err := s.keptUnitPath(ctx, u.ID)
			if err != nil {
				return nil, err
			}
			paths = append(paths, args.add(path))
		}
	}
	if len(paths) == 0 {
		return []PublicPilot{}, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT x.id, x.title, x.field, x.unit_id, x.decider_id, x.proposer_id, x.state, x.result,
		x.scope, x.scope_spent, x.updated_at, pb.names, pb.money
		FROM proposals x JOIN unit_publication pb ON pb.unit_id = x.unit_id AND pb.published = 1
		WHERE x.unit_path IN (`+strings.Join(paths, ",")+`) AND x.scope <> '' ORDER BY x.updated_at DESC, x.id`, args...)
	if err != nil {
		return nil, err
	}
	type row struct {
		p            PublicPilot
		deciderID    string
		proposerID   string
		names, money bool
	}
	var list []row
	index := map[string]int{}
	for rows.Next() {
		var r row
		var state, result, scope, at string
		var spent, names, money int64
		if err := rows.Scan(&r.p.ID, &r.p.Title, &r.p.Field, &r.p.UnitID, &r.deciderID, &r.proposerID, &state, &result,
			&scope, &spent, &at, &names, &money); err != nil {
			rows.Close()
			return nil, err
		}
		var sc proof.Scope
		if err := json.Unmarshal([]byte(scope), &sc); err != nil {
			rows.Close()
			return nil, err
		}
		r.p.State, r.p.Result, r.p.UpdatedAt = workflow.State(state), workflow.Result(result), parseTime(at)
		r.p.Start, r.p.End, r.p.ScopeUnits = sc.Start, sc.End, sc.Units
		r.names, r.money = names == 1, money == 1
		if r.money {
			budget := sc.BudgetVND
			r.p.BudgetVND, r.p.SpentVND = &budget, &spent
		}
		r.p.Indicators = []PublicIndicator{}
		for _, ind := range sc.Indicators {
			r.p.Indicators = append(r.p.Indicators, PublicIndicator{Name: ind.Name, Unit: ind.Unit, Target: ind.Target})
		}
		r.p.Decisions = []PublicDecision{}
		index[r.p.ID] = len(list)
		list = append(list, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]PublicPilot, 0, len(list))
	if len(list) == 0 {
		return out, nil
	}
	// The events, for every listed case in one query.
	args = args[:0]
	ph := make([]string, len(publicActions))
	for i, a := range publicActions {
		ph[i] = args.add(string(a))
	}
	ids := make([]string, len(list))
	for i, r := range list {
		ids[i] = args.add(r.p.ID)
	}
	evs, err := s.db.QueryContext(ctx, `SELECT e.proposal_id, e.action, e.at, e.payload, e.log_index FROM events e
		WHERE e.proposal_id IN (`+strings.Join(ids, ",")+`) AND e.action IN (`+strings.Join(ph, ",")+`) ORDER BY e.proposal_id, e.seq`, args...)
	if err != nil {
		return nil, err
	}
	defer evs.Close()
	for evs.Next() {
		var id, action, at, payload string
		var idx int64
		if err := evs.Scan(&id, &action, &at, &payload, &idx); err != nil {
			return nil, err
		}
		p := &list[index[id]].p
		var pl workflow.Payload
		if err := json.Unmarshal([]byte(payload), &pl); err != nil {
			return nil, err
		}
		switch workflow.Action(action) {
		case workflow.ReportProgress, workflow.ReportCompletion:
			var in struct {
				Date       string             `json:"date"`
				Indicators map[string]float64 `json:"indicators"`
			}
			_ = json.Unmarshal(pl.Input, &in)
			day := in.Date
			if day == "" {
				day = calendar.DateOf(parseTime(at)).String()
			}
			for k := range p.Indicators {
				if v, ok := in.Indicators[p.Indicators[k].Name]; ok {
					v := v
					p.Indicators[k].Latest, p.Indicators[k].Reported = &v, day
				}
			}
		default:
			if pl.Scope == nil {
				continue // approved without a pilot, or adjusted without a new scope
			}
			var in struct {
				DocumentNumber string `json:"document_number"`
			}
			_ = json.Unmarshal(pl.Input, &in)
			p.Decisions = append(p.Decisions, PublicDecision{Action: workflow.Action(action), Number: in.DocumentNumber, At: parseTime(at), LogIndex: idx})
		}
	}
	if err := evs.Err(); err != nil {
		return nil, err
	}
	unitNames, err := s.unitNamesByID(ctx)
	if err != nil {
		return nil, err
	}
	var named []string
	for _, r := range list {
		if r.names {
			named = append(named, r.proposerID)
		}
	}
	people := map[string]string{}
	if len(named) > 0 {
		if people, err = s.personNames(ctx, named); err != nil {
			return nil, err
		}
	}
	for _, r := range list {
		r.p.UnitName, r.p.DeciderName = unitNames[r.p.UnitID], unitNames[r.deciderID]
		if r.names {
			r.p.Proposer = people[r.proposerID]
		}
		units := make([]string, len(r.p.ScopeUnits))
		for i, u := range r.p.ScopeUnits {
			if n, ok := unitNames[u]; ok {
				units[i] = n
			} else {
				units[i] = u
			}
		}
		r.p.ScopeUnits = units
		out = append(out, r.p)
	}
	return out, nil
}

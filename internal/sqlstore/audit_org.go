package sqlstore

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"damlam/internal/i18n"
	"damlam/internal/proof"
	"damlam/internal/workflow"
)

// auditOrg checks authority the way Audit checks cases. Every org_events
// row must re-derive the leaf at its index and continue its chain; every
// authority leaf must have its row. Then the leaves are replayed in log
// order, and what they say — which units exist with which parent, name,
// kind, Party committee and path, who exists under which pseudonym, who
// sits where in which position, who holds which role, which days are
// announced — is compared with units, people, positions, grants and
// calendar_days, column by column. What the log says is read from the
// leaves themselves, so a row and its org_events record changed together
// still differ from the log. Names, e-mail addresses and notes are
// compared by their digests; where the record still matches its leaf the
// message quotes the logged text.
func (s *Store) auditOrg(ctx context.Context, rep *AuditReport) error {
	leaves, err := s.authorityLeaves(ctx)
	if err != nil {
		return err
	}
	pseudonyms := map[string]string{SystemActor: SystemActor}
	rows, err := s.db.QueryContext(ctx, `SELECT id, pseudonym FROM people`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, ps string
		if err := rows.Scan(&id, &ps); err != nil {
			rows.Close()
			return err
		}
		pseudonyms[id] = ps
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	// The rows by index: the replay follows the log, leaves without a row
	// included, so that a deleted record does not hide what the log says.
	events := map[int64]orgEventRow{}
	evRows, err := s.db.QueryContext(ctx, `SELECT log_index, chain, seq, prev_index, kind, unit_id, person_id, payload, at, actor_id FROM org_events`)
	if err != nil {
		return err
	}
	for evRows.Next() {
		var ev orgEventRow
		if err := evRows.Scan(&ev.LogIndex, &ev.Chain, &ev.Seq, &ev.PrevIndex, &ev.Kind, &ev.UnitID, &ev.PersonID, &ev.Payload, &ev.At, &ev.ActorID); err != nil {
			evRows.Close()
			return err
		}
		events[ev.LogIndex] = ev
	}
	evRows.Close()
	if err := evRows.Err(); err != nil {
		return err
	}
	order := slices.Sorted(maps.Keys(leaves))
	for idx := range events {
		if _, ok := leaves[idx]; !ok {
			order = append(order, idx)
		}
	}
	slices.Sort(order)

	lg := newOrgReplay(rep)
	type end struct {
		seq int
		idx int64
	}
	ends := map[string]end{}
	for _, idx := range order {
		stored, hasLeaf := leaves[idx]
		ev, hasRow := events[idx]
		if !hasRow {
			where := fmt.Sprintf("ledger_leaves idx %d (chain %s)", idx, stored.chain)
			rep.add("%s: no org_events row records it (deleted?)", where)
			if e, err := proof.ParseEntry(stored.leaf); err == nil {
				lg.apply(where, idx, e, &orgPayload{})
			}
			continue
		}
		where := fmt.Sprintf("org_events %d (%s %s)", ev.LogIndex, ev.Kind, ev.Chain)
		last, ok := ends[ev.Chain]
		if !ok {
			last.idx = -1
		}
		if ev.Seq != last.seq+1 {
			rep.add("%s: seq %d, the chain's previous entry is seq %d", where, ev.Seq, last.seq)
		}
		if ev.PrevIndex != last.idx {
			rep.add("%s: previous leaf %d, the chain's previous entry is at %d", where, ev.PrevIndex, last.idx)
		}
		ends[ev.Chain] = end{ev.Seq, ev.LogIndex}
		if !hasLeaf {
			rep.add("%s: no authority leaf at that index in the log", where)
			continue
		}
		if stored.chain != ev.Chain {
			rep.add("%s: the leaf belongs to chain %s", where, stored.chain)
		}
		var p orgPayload
		matches := false
		if err := json.Unmarshal([]byte(ev.Payload), &p); err != nil {
			rep.add("%s: payload: %v", where, err)
		} else {
			if c := orgChain(ev.Kind, &p); c != ev.Chain {
				rep.add("%s: chain: %s, its payload gives %s", where, ev.Chain, shown(c))
			}
			if ev.UnitID != p.Unit {
				rep.add("%s: unit_id: %s, its payload gives %s", where, shown(ev.UnitID), shown(p.Unit))
			}
			if ev.PersonID != p.Person {
				rep.add("%s: person_id: %s, its payload gives %s", where, shown(ev.PersonID), shown(p.Person))
			}
			if ps, ok := pseudonyms[ev.ActorID]; !ok {
				rep.add("%s: actor %s no longer exists", where, ev.ActorID)
			} else if derived, err := orgLeafOf(ev, &p, ps); err != nil || string(derived) != string(stored.leaf) {
				rep.add("%s: the row no longer matches its leaf", where)
			} else {
				matches = true
			}
		}
		e, err := proof.ParseEntry(stored.leaf)
		if err != nil {
			rep.add("%s: the leaf does not parse: %v", where, err)
			continue
		}
		if e.Type != ev.Kind {
			rep.add("%s: kind: %s, the leaf says %s", where, ev.Kind, e.Type)
		}
		if !matches {
			p = orgPayload{Person: p.Person} // nothing of the record is vouched for but whom it names
		}
		lg.apply(where, idx, e, &p)
	}
	return lg.compare(ctx, s.db)
}

// authorityLeaf is one leaf of an authority chain.
type authorityLeaf struct {
	chain string
	leaf  []byte
}

// authorityLeaves reads every leaf of an authority chain from the log.
func (s *Store) authorityLeaves(ctx context.Context) (map[int64]authorityLeaf, error) {
	var where []string
	for _, p := range proof.AuthorityChainPrefixes {
		where = append(where, `case_id LIKE '`+p+`%'`)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT idx, case_id, leaf FROM ledger_leaves WHERE `+strings.Join(where, " OR "))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]authorityLeaf{}
	for rows.Next() {
		var idx int64
		var l authorityLeaf
		if err := rows.Scan(&idx, &l.chain, &l.leaf); err != nil {
			return nil, err
		}
		// SQLite's LIKE ignores case: keep exactly the authority chains.
		if proof.IsAuthorityChain(l.chain) {
			out[idx] = l
		}
	}
	return out, rows.Err()
}

// logged is a text the log holds as a digest: the digest, and the text
// itself when the record it came from still matches its leaf.
type logged struct {
	sum, text string
	known     bool
}

func loggedText(sum, text string) logged {
	return logged{sum: sum, text: text, known: text != "" && sha256Hex([]byte(text)) == sum}
}

// differs reports whether got is not the logged text.
func (l logged) differs(got string) bool {
	if l.sum == "" {
		return got != ""
	}
	return sha256Hex([]byte(got)) != l.sum
}

func (l logged) String() string {
	switch {
	case l.sum == "":
		return `""`
	case l.known:
		return fmt.Sprintf("%q", l.text)
	}
	return "another text (SHA-256 " + l.sum[:min(16, len(l.sum))] + "…)"
}

type loggedUnit struct {
	idx                int64
	parent, kind, path string
	name, party        logged
}

type loggedPerson struct {
	idx         int64
	pseudonym   string
	name, email logged
}

type loggedSeat struct {
	idx      int64
	position string
}

type loggedDay struct {
	idx  int64
	kind string
	note logged
}

// orgReplay is what the authority leaves say, replayed in log order.
type orgReplay struct {
	rep         *AuditReport
	units       map[string]loggedUnit
	people      map[string]loggedPerson
	byPseudonym map[string]string
	positions   map[[2]string]loggedSeat // person, unit
	grants      map[[3]string]int64      // person, role, unit
	days        map[string]loggedDay
	rules       map[string]loggedRules // "id@version"
}

// loggedRules is a rule set version as its org.rules_issued leaf says.
type loggedRules struct {
	idx          int64
	unit, sha256 string
}

func newOrgReplay(rep *AuditReport) *orgReplay {
	return &orgReplay{rep: rep, units: map[string]loggedUnit{}, people: map[string]loggedPerson{}, byPseudonym: map[string]string{},
		positions: map[[2]string]loggedSeat{}, grants: map[[3]string]int64{}, days: map[string]loggedDay{}, rules: map[string]loggedRules{}}
}

// apply folds the leaf e at idx in; p is its record where that matches the
// leaf (else only the person it names), for the clear texts and the
// person's id, which the leaf does not carry.
func (r *orgReplay) apply(where string, idx int64, e proof.Entry, p *orgPayload) {
	get := func(k string) string { v, _ := e.Get(k); return v }
	person := func() string {
		ps := get(proof.FieldPerson)
		if id, ok := r.byPseudonym[ps]; ok {
			return id
		}
		r.rep.add("%s: pseudonym %s has no %s entry before it", where, ps, proof.TypePersonCreated)
		return p.Person
	}
	switch e.Type {
	case proof.TypeRecordingStarted:
	case proof.TypeUnitCreated:
		id := get(proof.FieldUnit)
		if _, dup := r.units[id]; dup {
			r.rep.add("%s: unit %s is created again", where, id)
		}
		r.units[id] = loggedUnit{idx: idx, parent: get(proof.FieldUnitParent), kind: get(proof.FieldUnitKind), path: get(proof.FieldUnitPath),
			name: loggedText(get(proof.FieldName), p.Name), party: loggedText(get(proof.FieldParty), p.PartyCommittee)}
	case proof.TypePersonCreated:
		ps := get(proof.FieldPerson)
		if _, dup := r.people[p.Person]; dup {
			r.rep.add("%s: person %s is created again", where, p.Person)
		}
		r.people[p.Person] = loggedPerson{idx: idx, pseudonym: ps, name: loggedText(get(proof.FieldName), p.Name), email: loggedText(get(proof.FieldEmail), p.Email)}
		r.byPseudonym[ps] = p.Person
	case proof.TypeSeated:
		r.positions[[2]string{person(), get(proof.FieldUnit)}] = loggedSeat{idx, get(proof.FieldPosition)}
	case proof.TypeUnseated:
		k := [2]string{person(), get(proof.FieldUnit)}
		if _, ok := r.positions[k]; !ok {
			r.rep.add("%s: unseats %s from %s, where the log does not seat them", where, k[0], k[1])
		}
		delete(r.positions, k)
	case proof.TypeGranted:
		r.grants[[3]string{person(), get(proof.FieldRole), get(proof.FieldUnit)}] = idx
	case proof.TypeRevoked:
		k := [3]string{person(), get(proof.FieldRole), get(proof.FieldUnit)}
		if _, ok := r.grants[k]; !ok {
			r.rep.add("%s: revokes %s of %s over %s, which the log does not grant", where, k[1], k[0], k[2])
		}
		delete(r.grants, k)
	case proof.TypeDaySet:
		r.days[get(proof.FieldDay)] = loggedDay{idx, get(proof.FieldDayKind), loggedText(get(proof.FieldNote), p.Note)}
	case proof.TypeDayCleared:
		delete(r.days, get(proof.FieldDay))
	case proof.TypeRulesIssued:
		k := get(proof.FieldRules) + "@" + get(proof.FieldRulesVer)
		if _, dup := r.rules[k]; dup {
			r.rep.add("%s: rule set %s is issued again", where, k)
		}
		r.rules[k] = loggedRules{idx, get(proof.FieldUnit), get(proof.FieldRulesSHA)}
	default:
		r.rep.add("%s: %s is not an authority fact", where, e.Type)
	}
}

// compare names every row of the org tables that the replay does not
// give, and every fact of the replay without its row.
func (r *orgReplay) compare(ctx context.Context, q querier) error {
	add := r.rep.add
	diff := func(row, column, got string, want any) {
		add("%s: %s: %s, the log says %v", row, column, shown(got), want)
	}
	scan := func(query string, each func(sc func(...any) error) error) error {
		rows, err := q.QueryContext(ctx, query)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := each(rows.Scan); err != nil {
				return err
			}
		}
		return rows.Err()
	}

	units := map[string]bool{}
	err := scan(`SELECT id, COALESCE(parent_id, ''), name, name_fold, kind, party_committee, path FROM units ORDER BY id`, func(sc func(...any) error) error {
		var id, parent, name, fold, kind, party, path string
		if err := sc(&id, &parent, &name, &fold, &kind, &party, &path); err != nil {
			return err
		}
		units[id] = true
		row := "units " + id
		u, ok := r.units[id]
		if !ok {
			add("%s: no %s entry in the log records it (inserted?)", row, proof.TypeUnitCreated)
			return nil
		}
		if parent != u.parent {
			diff(row, "parent_id", parent, shown(u.parent))
		}
		if u.name.differs(name) {
			diff(row, "name", name, u.name)
		}
		if f := i18n.Fold(name); fold != f {
			add("%s: name_fold: %s, its name gives %q", row, shown(fold), f)
		}
		if kind != u.kind {
			diff(row, "kind", kind, shown(u.kind))
		}
		if u.party.differs(party) {
			diff(row, "party_committee", party, u.party)
		}
		if path != u.path {
			diff(row, "path", path, shown(u.path))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range orgKeys(r.units) {
		if !units[id] {
			add("units %s: the log's %s entry (log index %d) has no row (deleted?)", id, proof.TypeUnitCreated, r.units[id].idx)
		}
	}

	people := map[string]bool{}
	err = scan(`SELECT id, name, name_fold, email, pseudonym FROM people ORDER BY id`, func(sc func(...any) error) error {
		var id, name, fold, email, ps string
		if err := sc(&id, &name, &fold, &email, &ps); err != nil {
			return err
		}
		people[id] = true
		row := "people " + id
		p, ok := r.people[id]
		if !ok {
			add("%s: no %s entry in the log records them (inserted?)", row, proof.TypePersonCreated)
			return nil
		}
		if p.name.differs(name) {
			diff(row, "name", name, p.name)
		}
		if f := i18n.Fold(name); fold != f {
			add("%s: name_fold: %s, its name gives %q", row, shown(fold), f)
		}
		if p.email.differs(email) {
			diff(row, "email", email, p.email)
		}
		if ps != p.pseudonym {
			diff(row, "pseudonym", ps, p.pseudonym)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range orgKeys(r.people) {
		if !people[id] {
			add("people %s: the log's %s entry (log index %d) has no row (deleted?)", id, proof.TypePersonCreated, r.people[id].idx)
		}
	}

	seats := map[[2]string]bool{}
	err = scan(`SELECT person_id, unit_id, position FROM positions ORDER BY person_id, unit_id`, func(sc func(...any) error) error {
		var k [2]string
		var pos string
		if err := sc(&k[0], &k[1], &pos); err != nil {
			return err
		}
		seats[k] = true
		row := "positions " + k[0] + "/" + k[1]
		st, ok := r.positions[k]
		switch {
		case !ok:
			add("%s: position %s, no entry in the log seats them there (inserted?)", row, pos)
		case pos != st.position:
			diff(row, "position", pos, st.position)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range orgPairKeys(r.positions) {
		if !seats[k] {
			add("positions %s/%s: the log seats them as %s (log index %d), no row (deleted?)", k[0], k[1], r.positions[k].position, r.positions[k].idx)
		}
	}

	grants := map[[3]string]bool{}
	err = scan(`SELECT person_id, role, unit_id FROM grants ORDER BY person_id, role, unit_id`, func(sc func(...any) error) error {
		var k [3]string
		if err := sc(&k[0], &k[1], &k[2]); err != nil {
			return err
		}
		grants[k] = true
		if _, ok := r.grants[k]; !ok {
			add("grants %s/%s/%s: no entry in the log grants it (inserted?)", k[0], k[1], k[2])
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range orgTripleKeys(r.grants) {
		if !grants[k] {
			add("grants %s/%s/%s: granted in the log (log index %d), no row (deleted?)", k[0], k[1], k[2], r.grants[k])
		}
	}

	days := map[string]bool{}
	err = scan(`SELECT day, kind, note FROM calendar_days ORDER BY day`, func(sc func(...any) error) error {
		var day, kind, note string
		if err := sc(&day, &kind, &note); err != nil {
			return err
		}
		days[day] = true
		row := "calendar_days " + day
		d, ok := r.days[day]
		if !ok {
			add("%s: no %s entry in the log announces it (inserted?)", row, proof.TypeDaySet)
			return nil
		}
		if kind != d.kind {
			diff(row, "kind", kind, d.kind)
		}
		if d.note.differs(note) {
			diff(row, "note", note, d.note)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, day := range orgKeys(r.days) {
		if !days[day] {
			add("calendar_days %s: announced in the log (log index %d), no row (deleted?)", day, r.days[day].idx)
		}
	}
	return r.compareRules(scan)
}

// compareRules names every rule_sets row the log does not issue as it
// stands (its unit, its digest, a body that is not what the digest binds),
// and every issued version without its row.
func (r *orgReplay) compareRules(scan func(string, func(func(...any) error) error) error) error {
	add := r.rep.add
	seen := map[string]bool{}
	err := scan(`SELECT id, version, unit_id, body, sha256 FROM rule_sets ORDER BY id, version`, func(sc func(...any) error) error {
		var id, unit, body, sum string
		var version int
		if err := sc(&id, &version, &unit, &body, &sum); err != nil {
			return err
		}
		k := fmt.Sprintf("%s@%d", id, version)
		seen[k] = true
		row := "rule_sets " + k
		l, ok := r.rules[k]
		if !ok {
			add("%s: no %s entry in the log issues it (inserted?)", row, proof.TypeRulesIssued)
			return nil
		}
		if unit != l.unit {
			add("%s: unit_id: %s, the log says %s", row, shown(unit), l.unit)
		}
		if sum != l.sha256 {
			add("%s: sha256: %s, the log says %s", row, shown(sum), l.sha256)
		}
		var rs workflow.RuleSet
		if err := json.Unmarshal([]byte(body), &rs); err != nil || rs.Digest() != l.sha256 || rs.ID != id || rs.Version != version || rs.UnitID != unit {
			add("%s: body: not the set the log issued (its digest %s)", row, l.sha256)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range orgKeys(r.rules) {
		if !seen[k] {
			add("rule_sets %s: issued in the log (log index %d), no row (deleted?)", k, r.rules[k].idx)
		}
	}
	return nil
}

// shown is a value for a message, "" spelled out.
func shown(v string) string {
	if v == "" {
		return `""`
	}
	return v
}

func orgKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

func orgPairKeys[V any](m map[[2]string]V) [][2]string {
	return slices.SortedFunc(maps.Keys(m), func(a, b [2]string) int {
		return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1]))
	})
}

func orgTripleKeys[V any](m map[[3]string]V) [][3]string {
	return slices.SortedFunc(maps.Keys(m), func(a, b [3]string) int {
		return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1]), strings.Compare(a[2], b[2]))
	})
}

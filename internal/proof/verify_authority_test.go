package proof

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// Pseudonyms of the people in the authority scenarios.
const (
	psHead     = "aaaa0001"
	psDeputy   = "aaaa0002"
	psParty    = "aaaa0003"
	psProposer = "aaaa0004"
	deciding   = "P-BEN-NGHE"
)

// authLog writes leaves of any chain to an in-memory log, keeping each
// chain's seq and prev as the ledger does.
type authLog struct {
	t       *testing.T
	l       *memLog
	ends    map[string][2]int64 // chain -> last seq, last index
	records map[uint64][]byte
	n       int
}

func newAuthLog(t *testing.T) *authLog {
	return &authLog{t: t, l: newMemLog(t, testOrigin, trustSeed), ends: map[string][2]int64{}, records: map[uint64][]byte{}}
}

// add appends a leaf of chain and returns its index. A case leaf gets a
// record; the submission's names the deciding unit.
func (a *authLog) add(typ, chain, actor string, fields ...Field) uint64 {
	end, ok := a.ends[chain]
	if !ok {
		end = [2]int64{0, -1}
	}
	a.n++
	e := Entry{Type: typ, Case: chain, Seq: int(end[0]) + 1, Prev: end[1], Time: t0.Add(time.Duration(a.n) * time.Minute),
		Actor: actor, State: "-", Fields: fields}
	var record []byte
	if chain == testCase {
		record = []byte(`{"details":{"decider_unit_id":"` + deciding + `"},"type":"` + typ + `"}`)
		e.Fields = append(e.Fields, Field{FieldPayload, hexSum(record)})
	}
	idx := a.l.append(mustMarshal(a.t, e))
	if record != nil {
		a.records[idx] = record
	}
	a.ends[chain] = [2]int64{int64(e.Seq), int64(idx)}
	return idx
}

func (a *authLog) seat(ps, unit, typ, position string) uint64 {
	return a.add(typ, AuthorityChain(unit, ps), "system", Field{FieldPerson, ps}, Field{FieldUnit, unit}, Field{FieldPosition, position})
}

func (a *authLog) grant(ps, unit, typ string) uint64 {
	return a.add(typ, AuthorityChain(unit, ps), "system", Field{FieldPerson, ps}, Field{FieldUnit, unit}, Field{FieldRole, "party_committee"})
}

func (a *authLog) decide(typ, ps string) uint64 { return a.add(typ, testCase, ps) }

// dossier packs the case and every authority leaf but those in omit, each
// proved against the latest checkpoint, sealed and read back from its zip.
func (a *authLog) dossier(omit map[uint64]bool, edit func(d *Dossier)) *Dossier {
	latest := a.l.sign()
	d := &Dossier{Origin: testOrigin, Case: testCase, Generated: t0.AddDate(0, 1, 0), Checkpoint: latest,
		Leaves: map[uint64][]byte{}, Receipts: map[uint64][]byte{}, Consistency: map[[2]uint64][]byte{},
		Keys: map[string][]byte{"log-2026": []byte(a.l.vkey + "\n")}, Records: map[uint64][]byte{}, Scopes: map[uint64][]byte{},
		Authority: map[uint64][]byte{}, AuthorityReceipts: map[uint64][]byte{}}
	size := a.l.tree.Size()
	for i, leaf := range a.l.leaves {
		idx := uint64(i)
		e, err := ParseEntry(leaf)
		if err != nil || omit[idx] {
			continue
		}
		r := a.l.receipt(idx, size).Marshal()
		if e.Case == testCase {
			d.Leaves[idx], d.Receipts[idx], d.Records[idx] = leaf, r, a.records[idx]
		} else if IsAuthorityChain(e.Case) {
			d.Authority[idx], d.AuthorityReceipts[idx] = leaf, r
		}
	}
	if edit != nil {
		edit(d)
	}
	if err := d.Seal(a.l.signer); err != nil {
		a.t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := d.WriteZip(&buf); err != nil {
		a.t.Fatal(err)
	}
	rd, err := ReadZip(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		a.t.Fatal(err)
	}
	return rd
}

// standard writes the usual history: the collective seated, the case
// submitted, convened, the Party's opinion, two votes, the approval.
func standard(a *authLog) {
	a.add(TypeRecordingStarted, RecordingChain, "system", Field{FieldRecorded, "0"})
	a.seat(psHead, deciding, TypeSeated, "head")
	a.seat(psDeputy, deciding, TypeSeated, "deputy")
	a.grant(psParty, deciding, TypeGranted)
	decisions(a)
}

func decisions(a *authLog) {
	a.decide("proposal.submitted", psProposer)
	a.decide("proposal.convened", psHead)
	a.decide("party.opinion_before_approval", psParty)
	a.decide("collective.vote", psDeputy)
	a.decide("collective.vote", psHead)
	a.decide("proposal.approved_pilot", psHead)
}

func TestAuthorityClaim(t *testing.T) {
	for _, c := range []struct {
		name  string
		build func(a *authLog) (omit map[uint64]bool, edit func(*Dossier))
		want  Status
		say   string // a line the claim's details must hold
	}{
		{"every decider held the seat", func(a *authLog) (map[uint64]bool, func(*Dossier)) {
			standard(a)
			// Leaving after the decision changes nothing about it.
			a.seat(psDeputy, deciding, TypeUnseated, "deputy")
			return nil, nil
		}, Holds, "held a seat as head or deputy in unit P-BEN-NGHE from leaf 2 on"},
		{"a deputy seated only after voting", func(a *authLog) (map[uint64]bool, func(*Dossier)) {
			a.seat(psHead, deciding, TypeSeated, "head")
			a.grant(psParty, deciding, TypeGranted)
			decisions(a)
			a.seat(psDeputy, deciding, TypeSeated, "deputy")
			return nil, nil
		}, Fails, "seated or granted only at leaf 8, AFTER the decision"},
		{"a deputy unseated before voting", func(a *authLog) (map[uint64]bool, func(*Dossier)) {
			a.seat(psHead, deciding, TypeSeated, "head")
			a.seat(psDeputy, deciding, TypeSeated, "deputy")
			a.grant(psParty, deciding, TypeGranted)
			a.seat(psDeputy, deciding, TypeUnseated, "deputy")
			decisions(a)
			return nil, nil
		}, Fails, "Decision 7 (collective.vote): no entry shows that aaaa0002 held a seat as head or deputy"},
		{"a staff member who voted", func(a *authLog) (map[uint64]bool, func(*Dossier)) {
			a.seat(psHead, deciding, TypeSeated, "head")
			a.seat(psDeputy, deciding, TypeSeated, "staff")
			a.grant(psParty, deciding, TypeGranted)
			decisions(a)
			return nil, nil
		}, Fails, "Decision 6 (collective.vote)"},
		{"the unseating left out of the dossier", func(a *authLog) (map[uint64]bool, func(*Dossier)) {
			a.seat(psHead, deciding, TypeSeated, "head")
			a.seat(psDeputy, deciding, TypeSeated, "deputy")
			a.grant(psParty, deciding, TypeGranted)
			out := a.seat(psDeputy, deciding, TypeUnseated, "deputy")
			decisions(a)
			a.seat(psDeputy, deciding, TypeSeated, "deputy")
			return map[uint64]bool{out: true}, nil
		}, Fails, "a leaf is missing"},
		{"a Party role over another unit", func(a *authLog) (map[uint64]bool, func(*Dossier)) {
			a.seat(psHead, deciding, TypeSeated, "head")
			a.seat(psDeputy, deciding, TypeSeated, "deputy")
			a.grant(psParty, "P-DA-KAO", TypeGranted)
			decisions(a)
			return nil, nil
		}, Fails, "Decision 5 (party.opinion_before_approval): no entry shows that aaaa0003 held the same-level Party committee role"},
		{"decided before the log recorded authority", func(a *authLog) (map[uint64]bool, func(*Dossier)) {
			decisions(a)
			a.add(TypeRecordingStarted, RecordingChain, "system", Field{FieldRecorded, "3"})
			a.seat(psHead, deciding, TypeSeated, "head")
			return nil, nil
		}, CannotTell, "precedes the log's record of authority, which starts at leaf 6"},
		{"the submission's record missing", func(a *authLog) (map[uint64]bool, func(*Dossier)) {
			standard(a)
			return nil, func(d *Dossier) { delete(d.Records, 4) }
		}, CannotTell, "records/4.json is missing or unreadable"},
		{"a receipt to another tree", func(a *authLog) (map[uint64]bool, func(*Dossier)) {
			standard(a)
			// A true inclusion proof, in a checkpoint older than the
			// dossier's.
			size := a.l.tree.Size()
			a.l.sign()
			a.add("proposal.closed", "HS-2026-0099", "system")
			return nil, func(d *Dossier) { d.AuthorityReceipts[1] = a.l.receipt(1, size).Marshal() }
		}, Fails, "authority/1.tlog-proof: does not lead to the tree of checkpoint.txt"},
		{"a seat rewritten", func(a *authLog) (map[uint64]bool, func(*Dossier)) {
			standard(a)
			return nil, func(d *Dossier) {
				d.Authority[2] = bytes.Replace(d.Authority[2], []byte("position deputy"), []byte("position head"), 1)
			}
		}, Fails, "authority/2.tlog-proof: the leaf is not in the log"},
		{"a leaf of another chain", func(a *authLog) (map[uint64]bool, func(*Dossier)) {
			standard(a)
			// Pass the head's seating off as the deputy's.
			return nil, func(d *Dossier) {
				d.Authority[2] = d.Authority[1]
				d.AuthorityReceipts[2] = d.AuthorityReceipts[1]
			}
		}, Fails, "authority/2.tlog-proof is for index 1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := newAuthLog(t)
			omit, edit := c.build(a)
			d := a.dossier(omit, edit)
			rep := Verify(d, verifiers(t, a.l.vkey))
			var got *Claim
			for i := range rep.Claims {
				if rep.Claims[i].ID == ClaimAuthority {
					got = &rep.Claims[i]
				} else if rep.Claims[i].Status != Holds && rep.Claims[i].ID != ClaimRecords {
					t.Errorf("claim %s: %v\n%s", rep.Claims[i].ID, rep.Claims[i].Status, rep.Claims[i].Detail)
				}
			}
			if got == nil {
				t.Fatal("no authority claim")
			}
			if got.Status != c.want || !strings.Contains(got.Detail, c.say) {
				t.Errorf("%v, want %v saying %q:\n%s", got.Status, c.want, c.say, got.Detail)
			}
			if got.VI == "" || got.DetailVI == "" {
				t.Error("no Vietnamese text")
			}
		})
	}
}

// TestNoAuthoritySection: a dossier made before the log recorded authority
// verifies as it always did: no authority claim among its claims.
func TestNoAuthoritySection(t *testing.T) {
	a := newAuthLog(t)
	decisions(a)
	d := a.dossier(nil, nil)
	rep := Verify(d, verifiers(t, a.l.vkey))
	for _, c := range rep.Claims {
		if c.ID == "case.authority" {
			t.Errorf("an authority claim without an authority section: %+v", c)
		}
	}
	if rep.Overall() != Holds {
		t.Fatalf("%v: %+v", rep.Overall(), rep.Claims)
	}
}

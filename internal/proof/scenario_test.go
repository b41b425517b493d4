package proof

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A scenario is a case history written to an in-memory log and packed
// into a dossier the way the ledger does it. Field values "@j" stand for
// the log index of the case's j-th event (0-based): every event is
// preceded by one leaf of another case, so event j sits at index 2j+1.
type scenario struct {
	seed   string  // signing key seed
	events []event // the case's history
	omit   int     // event left out of the dossier (-1 for none)
	// v2 builds a damlam-dossier v2: records laid out as the server writes
	// them, content versions, attachments named by their digests. Without
	// it the dossier is v1, byte for byte as v1 dossiers were written.
	v2 bool
	// forge edits the dossier before it is sealed, as a server working
	// from a tampered database (or a log operator) would: the seal holds,
	// and only the checks of what the leaves name can notice.
	forge func(d *Dossier)
}

type event struct {
	typ, state string
	fields     []Field
	scope      *Scope
	// v2 only: the content version this event submits, the attachments
	// its leaf names, and an edit to its record before the record is
	// hashed (a record that says something other than its leaf).
	content    []byte
	docs       []doc
	editRecord func(rec map[string]any)
}

// doc is an attachment: its bytes and the extension of its file name.
type doc struct {
	body []byte
	ext  string
}

const (
	testOrigin = "damlam.example.gov.vn/log"
	testCase   = "HS-2026-0042"
	trustSeed  = "trusted test key"
)

var (
	scope1 = Scope{Units: []string{"P-BEN-NGHE", "P-DA-KAO"}, Start: "2026-04-01", End: "2026-06-30", BudgetVND: 500_000_000,
		Indicators:     []Indicator{{Name: "hồ sơ giải quyết trong ngày", Unit: "%", Target: 80}},
		StopConditions: []string{"khiếu nại vượt 5% số hồ sơ"}}
	scope2 = Scope{Units: []string{"P-BEN-NGHE", "P-DA-KAO", "P-TAN-DINH"}, Start: "2026-04-01", End: "2026-09-30", BudgetVND: 800_000_000}
)

func action(under, unit, date, amount string) event {
	return event{typ: "pilot.action", state: "IN_IMPLEMENTATION", fields: []Field{
		{FieldScopeUnder, under}, {FieldActUnit, unit}, {FieldActDate, date}, {FieldActAmount, amount}}}
}

func validEvents() []event {
	return []event{
		{typ: "proposal.submitted", state: "SUBMITTED"},
		{typ: "proposal.approved_pilot", state: "APPROVED_PILOT", scope: &scope1},
		action("@1", "P-BEN-NGHE", "2026-04-10", "120000000"),
		action("@1", "P-DA-KAO", "2026-05-20", "200000000"),
		{typ: "pilot.adjusted", state: "ADJUSTED", scope: &scope2},
		action("@4", "P-TAN-DINH", "2026-08-15", "300000000"),
		{typ: "completion.reported", state: "COMPLETION_REPORTED", fields: []Field{
			{FieldScopeUnder, "@4"}, {FieldDoc, hexSum(attachment)}}},
	}
}

var attachment = []byte("%PDF-1.7 báo cáo tổng kết thí điểm (nội dung thử)\n")

// The v2 history: a proposal submitted, returned, resubmitted as version 2
// with one more attachment, approved for a pilot, acted on and reported.
// Event j sits at log index 2j+1: the submissions at 1 and 5, the approval
// at 7, the action at 9, the report at 11.
var (
	contentV1 = []byte(`{"title":"Thí điểm một cửa liên thông","budget_vnd":500000000,"units":["P-BEN-NGHE","P-DA-KAO"]}`)
	contentV2 = []byte(`{"title":"Thí điểm một cửa liên thông","budget_vnd":500000000,"units":["P-BEN-NGHE","P-DA-KAO"],"risks":"Quá tải đầu kỳ."}`)
	keHoach   = doc{[]byte("%PDF-1.7 kế hoạch thí điểm (nội dung thử)\n"), ".pdf"}
	duToan    = doc{[]byte("PK dự toán kinh phí (nội dung thử)\n"), ".xlsx"}
	baoCao    = doc{attachment, ".pdf"}
)

func validEventsV2() []event {
	return []event{
		{typ: "proposal.submitted", state: "SUBMITTED", content: contentV1, docs: []doc{keHoach}},
		{typ: "proposal.returned", state: "RETURNED"},
		{typ: "proposal.submitted", state: "SUBMITTED", content: contentV2, docs: []doc{keHoach, duToan}},
		{typ: "proposal.approved_pilot", state: "APPROVED_PILOT", scope: &scope1},
		action("@3", "P-BEN-NGHE", "2026-04-10", "120000000"),
		{typ: "completion.reported", state: "COMPLETION_REPORTED", fields: []Field{{FieldScopeUnder, "@3"}}, docs: []doc{baoCao}},
	}
}

func validV2() scenario {
	return scenario{seed: trustSeed, events: validEventsV2(), omit: -1, v2: true}
}

func (d doc) name() string { return hexSum(d.body) + d.ext }

// scenarios are the golden dossiers and the verdicts each must get.
var scenarios = map[string]struct {
	build func() scenario
	// tamper edits the sealed dossier as an attacker without the key would.
	tamper func(d *Dossier)
	want   map[string]Status // claims not listed must hold
	// detail is, per failing claim, what its findings must say: the file
	// and the leaf it should have matched.
	detail map[string][]string
}{
	"valid": {build: func() scenario { return scenario{seed: trustSeed, events: validEvents(), omit: -1} }},
	"changed-leaf": {
		build: func() scenario { return scenario{seed: trustSeed, events: validEvents(), omit: -1} },
		tamper: func(d *Dossier) {
			d.Leaves[5] = bytes.Replace(d.Leaves[5], []byte("act.amount 120000000"), []byte("act.amount 100000000"), 1)
		},
		want: map[string]Status{ClaimIntact: Fails, ClaimIncluded: Fails},
	},
	"missing-receipt": {
		build:  func() scenario { return scenario{seed: trustSeed, events: validEvents(), omit: -1} },
		tamper: func(d *Dossier) { delete(d.Receipts, 5) },
		want:   map[string]Status{ClaimIntact: Fails, ClaimIncluded: Fails},
	},
	"wrong-key": {
		build: func() scenario { return scenario{seed: "some other key", events: validEvents(), omit: -1} },
		want:  map[string]Status{ClaimIntact: CannotTell, ClaimIncluded: CannotTell, ClaimGrew: CannotTell},
	},
	"broken-chain": {
		build: func() scenario { return scenario{seed: trustSeed, events: validEvents(), omit: 3} },
		want:  map[string]Status{ClaimChain: Fails},
	},
	"outside-scope": {
		build: func() scenario {
			ev := validEvents()
			ev[5] = action("@4", "P-THU-THIEM", "2026-10-02", "500000000")
			ev[5].fields = append(ev[5].fields, Field{FieldScopeOutside, "unit_outside after_end over_budget"})
			return scenario{seed: trustSeed, events: ev, omit: -1}
		},
		want: map[string]Status{ClaimInScope: Fails},
	},
	"action-before-approval": {
		build: func() scenario {
			ev := validEvents()
			// The first action is logged before the approval it cites.
			ev[1], ev[2] = action("@2", "P-BEN-NGHE", "2026-04-10", "120000000"), ev[1]
			ev[3].fields[0].Value, ev[4].fields = "@2", nil
			return scenario{seed: trustSeed, events: ev, omit: -1}
		},
		want: map[string]Status{ClaimApprovedFirst: Fails, ClaimInScope: Fails},
	},

	"v2/valid": {build: validV2},
	"v2/swapped-attachment": {
		build: func() scenario {
			s := validV2()
			// The budget sheet's bytes in place of the plan's.
			s.forge = func(d *Dossier) { d.Attachments[keHoach.name()] = duToan.body }
			return s
		},
		want:   map[string]Status{ClaimDocuments: Fails},
		detail: map[string][]string{ClaimDocuments: {"attachments/" + keHoach.name() + " has SHA-256 " + hexSum(duToan.body) + ", not the doc.sha256 " + hexSum(keHoach.body) + " of leaves 1, 5"}},
	},
	"v2/altered-version": {
		build: func() scenario {
			s := validV2()
			s.forge = func(d *Dossier) {
				d.Versions[2] = bytes.Replace(contentV2, []byte("500000000"), []byte("900000000"), 1)
			}
			return s
		},
		want:   map[string]Status{ClaimDocuments: Fails},
		detail: map[string][]string{ClaimDocuments: {"versions/2.json has SHA-256 ", "not the content_sha256 " + hexSum(contentV2) + " of version 2 submitted at leaf 5 (records/5.json)"}},
	},
	"v2/altered-record": {
		build: func() scenario {
			s := validV2()
			// The approval's record with its budget raised.
			s.forge = func(d *Dossier) {
				d.Records[7] = bytes.Replace(d.Records[7], []byte(`"budget_vnd":500000000`), []byte(`"budget_vnd":900000000`), 1)
			}
			return s
		},
		want:   map[string]Status{ClaimRecords: Fails},
		detail: map[string][]string{ClaimRecords: {"records/7.json has SHA-256 ", "not the payload.sha256 ", "of leaf 7"}},
	},
}

// build writes the scenario to a log and packs the dossier.
func (s scenario) build(t testing.TB) *Dossier {
	l := newMemLog(t, testOrigin, s.seed)
	d := &Dossier{Format: DossierFormatV1, Origin: testOrigin, Case: testCase, Generated: t0.AddDate(0, 8, 0),
		Leaves: map[uint64][]byte{}, Receipts: map[uint64][]byte{}, Consistency: map[[2]uint64][]byte{},
		Keys: map[string][]byte{}, Records: map[uint64][]byte{}, Scopes: map[uint64][]byte{},
		Attachments: map[string][]byte{"bao-cao-tong-ket.pdf": attachment},
		SummaryVI:   []byte("Hồ sơ " + testCase + ": thí điểm một cửa liên thông.\n"),
		SummaryEN:   []byte("Case " + testCase + ": one-stop-shop pilot.\n"),
	}
	if s.v2 {
		d.Format, d.Attachments, d.Versions = DossierFormat, map[string][]byte{}, map[uint64][]byte{}
	}
	versions := 0
	resolve := func(v string) string {
		if j, err := strconv.Atoi(strings.TrimPrefix(v, "@")); err == nil && strings.HasPrefix(v, "@") {
			return strconv.Itoa(2*j + 1)
		}
		return v
	}
	var mine []uint64
	prev := int64(-1)
	for j, ev := range s.events {
		other := Entry{Type: "proposal.submitted", Case: "HS-2026-0043", Seq: j + 1, Prev: int64(2*j - 2), Time: t0.Add(time.Duration(j) * time.Hour),
			Actor: "0b0b", State: "SUBMITTED", Fields: []Field{{FieldPayload, hexSum([]byte{byte(j)})}}}
		if j == 0 {
			other.Prev = -1
		}
		l.append(mustMarshal(t, other))
		record := []byte(fmt.Sprintf(`{"case":%q,"event":%d,"type":%q}`, testCase, j, ev.typ))
		if s.v2 {
			record = s.recordV2(t, j, ev, &versions, d)
		}
		e := Entry{Type: ev.typ, Case: testCase, Seq: len(mine) + 1, Prev: prev, Time: t0.Add(time.Duration(j)*time.Hour + time.Minute),
			Actor: "a1b2c3d4", State: ev.state, Fields: []Field{{FieldPayload, hexSum(record)}}}
		for _, f := range ev.fields {
			e.Fields = append(e.Fields, Field{f.Key, resolve(f.Value)})
		}
		for _, a := range ev.docs {
			e.Fields = append(e.Fields, Field{FieldDoc, hexSum(a.body)})
		}
		if ev.scope != nil {
			e.Fields = append(e.Fields, Field{FieldScope, ev.scope.Digest()})
		}
		idx := l.append(mustMarshal(t, e))
		if uint64(2*j+1) != idx {
			t.Fatalf("event %d at index %d", j, idx)
		}
		mine, prev = append(mine, idx), int64(idx)
		if s.omit != j {
			d.Leaves[idx], d.Records[idx] = l.leaves[idx], record
			if ev.scope != nil {
				d.Scopes[idx] = ev.scope.Canonical()
			}
		}
		if j%2 == 1 || j == len(s.events)-1 {
			l.sign()
		}
	}
	l.append([]byte("a later leaf of the log, not of this case\n"))
	latest := l.sign()
	d.Checkpoint = latest
	size := l.tree.Size()
	for idx := range d.Leaves {
		at := idx + 1
		for l.cps[at] == nil {
			at++
		}
		d.Receipts[idx] = l.receipt(idx, at).Marshal()
		if at < size {
			d.Consistency[[2]uint64{at, size}] = MarshalHashes(l.consistency(at, size))
		}
	}
	d.Keys["log-2026"] = []byte(l.vkey + "\n")
	if s.forge != nil {
		s.forge(d)
	}
	if err := d.Seal(l.signer); err != nil {
		t.Fatal(err)
	}
	return d
}

func mustMarshal(t testing.TB, e Entry) []byte {
	t.Helper()
	b, err := e.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// recordV2 writes event j's record the way the server lays out an event's
// payload (scope, docs, details.version and details.content_sha256 on a
// submission) and files the documents it names in d.
func (s scenario) recordV2(t testing.TB, j int, ev event, versions *int, d *Dossier) []byte {
	rec := map[string]any{"input": map[string]any{"note": fmt.Sprintf("sự kiện %d của hồ sơ %s", j, testCase)}}
	if ev.scope != nil {
		rec["scope"] = ev.scope
	}
	if len(ev.docs) > 0 {
		var sums []string
		for _, a := range ev.docs {
			sums = append(sums, hexSum(a.body))
			d.Attachments[a.name()] = a.body
		}
		rec["docs"] = sums
	}
	if ev.content != nil {
		*versions++
		rec["details"] = map[string]any{"version": *versions, "content_sha256": hexSum(ev.content),
			"decider_unit_id": "P-BEN-NGHE", "routed_to_superior": false}
		if s.omit != j {
			d.Versions[uint64(*versions)] = ev.content
		}
	}
	if ev.editRecord != nil {
		ev.editRecord(rec)
	}
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

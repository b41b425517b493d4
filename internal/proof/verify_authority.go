package proof

import (
	"fmt"
	"strings"
)

// ClaimAuthority is the claim Verify adds for a dossier that carries
// authority leaves (authority/): each decider held the seat or role the
// decision needs, in the deciding unit, when the decision was logged.
const ClaimAuthority = "case.authority"

// needText says what a need asks for, in both languages.
var needText = map[string][2]string{
	NeedHead:   {"chức vụ người đứng đầu", "the head's seat"},
	NeedMember: {"chức vụ người đứng đầu hoặc cấp phó", "a seat as head or deputy"},
	NeedParty:  {"thẩm quyền cấp ủy cùng cấp (party_committee)", "the same-level Party committee role (party_committee)"},
}

// authority checks each decision of the case against the authority chains
// the dossier carries. A chain is evidence only whole: its leaves must run
// from seq 1 without a gap, so that no unseating or revocation between a
// seating and a decision can have been left out. Order is the log's: a
// seating at a lower index than the decision came before it.
//
// What a dossier cannot show is that a chain has no later leaf than those
// it carries; a later leaf could only matter after the dossier's
// checkpoint, which every leaf it carries precedes.
//
// ok is false for a dossier without an authority section (made before the
// log recorded authority): the claim is then left out rather than failed,
// so that such dossiers verify as they always did.
func (v *verifier) authority() (Claim, bool) {
	if len(v.d.Authority) == 0 && len(v.d.AuthorityReceipts) == 0 {
		return Claim{}, false
	}
	c := newClaim(ClaimAuthority,
		"Người quyết định giữ chức vụ/thẩm quyền khi quyết định: mỗi quyết định được ghi sau bản ghi bổ nhiệm hoặc giao thẩm quyền trong đơn vị quyết định, không có bản ghi miễn nhiệm hay thu hồi xen giữa.",
		"Each decider held the seat or role when deciding: each decision was logged after an entry seating them or granting the role in the deciding unit, with no unseating or revocation between.")
	latest, err := v.open(v.d.Checkpoint, false)
	if err != nil {
		trustErr(c, "checkpoint.txt", err)
		return c.done(), true
	}
	good := v.authorityLeaves(c, latest)
	chains, broken := authorityChains(c, good)
	var started uint64
	hasStart := false
	if list := chains[RecordingChain]; len(list) > 0 && !broken[RecordingChain] {
		started, hasStart = list[0], true
	}
	needs := AuthorityNeeds(v.entries, v.d.Records)
	for _, n := range needs {
		what := needText[n.Need]
		who := shortPseudonym(n.Actor)
		switch {
		case !n.Found:
			c.unknown(fmt.Sprintf("Quyết định %d (%s): không có bản ghi trình đề xuất trước đó, không xác định được đơn vị quyết định.", n.Index, n.Type),
				fmt.Sprintf("Decision %d (%s): no submission precedes it, so the deciding unit is unknown.", n.Index, n.Type))
			continue
		case n.Unit == "":
			c.unknown(fmt.Sprintf("Quyết định %d (%s): thiếu hoặc không đọc được records/%d.json, không xác định được đơn vị quyết định.", n.Index, n.Type, n.Submission),
				fmt.Sprintf("Decision %d (%s): records/%d.json is missing or unreadable, so the deciding unit is unknown.", n.Index, n.Type, n.Submission))
			continue
		}
		chain := AuthorityChain(n.Unit, n.Actor)
		if broken[chain] {
			c.fail(fmt.Sprintf("Quyết định %d (%s): chuỗi thẩm quyền %s không đầy đủ, không dùng làm chứng cứ được.", n.Index, n.Type, chain),
				fmt.Sprintf("Decision %d (%s): the authority chain %s is incomplete and proves nothing.", n.Index, n.Type, chain))
			continue
		}
		var h Holding
		later := uint64(0)
		for _, j := range chains[chain] {
			if j < n.Index {
				h.Apply(j, good[j])
				continue
			}
			if t := good[j].Type; later == 0 && (t == TypeSeated || t == TypeGranted) {
				later = j
			}
		}
		if since, ok := h.Meets(n.Need); ok {
			c.note(fmt.Sprintf("Quyết định %d (%s): %s giữ %s của đơn vị %s từ bản ghi %d, không thay đổi trước quyết định.", n.Index, n.Type, who, what[0], n.Unit, since),
				fmt.Sprintf("Decision %d (%s): %s held %s in unit %s from leaf %d on, unchanged before the decision.", n.Index, n.Type, who, what[1], n.Unit, since))
			continue
		}
		if hasStart && n.Index < started {
			c.unknown(fmt.Sprintf("Quyết định %d (%s) có trước khi sổ cái bắt đầu ghi thẩm quyền (bản ghi %d): không kiểm tra được.", n.Index, n.Type, started),
				fmt.Sprintf("Decision %d (%s) precedes the log's record of authority, which starts at leaf %d: it cannot be checked.", n.Index, n.Type, started))
			continue
		}
		vi := fmt.Sprintf("Quyết định %d (%s): không bản ghi nào cho thấy %s giữ %s của đơn vị %s khi quyết định.", n.Index, n.Type, who, what[0], n.Unit)
		en := fmt.Sprintf("Decision %d (%s): no entry shows that %s held %s in unit %s when deciding.", n.Index, n.Type, who, what[1], n.Unit)
		if later != 0 {
			vi += fmt.Sprintf(" Chỉ được bổ nhiệm/giao ở bản ghi %d, SAU quyết định.", later)
			en += fmt.Sprintf(" They were seated or granted only at leaf %d, AFTER the decision.", later)
		}
		c.fail(vi, en)
	}
	if len(needs) == 0 {
		c.note("Hồ sơ không có quyết định nào cần đối chiếu thẩm quyền.", "The case records no decision to check against a seat or role.")
	}
	return c.done(), true
}

// authorityLeaves returns the authority leaves that parse and are in the
// tree of checkpoint.txt, reporting every other one. Each receipt must lead
// to that very tree: it is the one the dossier's other proofs end at, so no
// consistency proof is needed and no other history can stand in for it.
func (v *verifier) authorityLeaves(c *claim, latest Checkpoint) map[uint64]Entry {
	good := map[uint64]Entry{}
	for _, i := range sortedKeys(v.d.Authority) {
		leaf := v.d.Authority[i]
		file := fmt.Sprintf("authority/%d.tlog-proof", i)
		e, err := ParseEntry(leaf)
		if err != nil {
			c.fail(fmt.Sprintf("authority/%d.leaf không đọc được: %v", i, err), fmt.Sprintf("authority/%d.leaf cannot be parsed: %v", i, err))
			continue
		}
		if !IsAuthorityType(e.Type) || !IsAuthorityChain(e.Case) {
			c.fail(fmt.Sprintf("authority/%d.leaf (%s, %s) không phải bản ghi thẩm quyền.", i, e.Type, e.Case),
				fmt.Sprintf("authority/%d.leaf (%s, %s) is not an authority leaf.", i, e.Type, e.Case))
			continue
		}
		raw, ok := v.d.AuthorityReceipts[i]
		if !ok {
			c.fail("Thiếu "+file+".", file+" is missing.")
			continue
		}
		r, err := ParseReceipt(raw)
		if err != nil {
			c.fail(file+": "+err.Error(), file+": "+err.Error())
			continue
		}
		if r.Index != i {
			c.fail(fmt.Sprintf("%s ghi chỉ số %d.", file, r.Index), fmt.Sprintf("%s is for index %d.", file, r.Index))
			continue
		}
		cp, err := v.open(r.Checkpoint, false)
		if err != nil {
			trustErr(c, file, err)
			continue
		}
		if cp.Origin != latest.Origin || cp.Size != latest.Size || cp.Root != latest.Root {
			c.fail(file+": không dẫn tới điểm kiểm tra của checkpoint.txt.", file+": does not lead to the tree of checkpoint.txt.")
			continue
		}
		if err := checkInclusion(r, leaf, cp); err != nil {
			c.fail(fmt.Sprintf("%s: bản ghi không nằm trong sổ cái: %v", file, err), fmt.Sprintf("%s: the leaf is not in the log: %v", file, err))
			continue
		}
		v.ownKey(c, file, r.Checkpoint)
		good[i] = e
	}
	for _, i := range sortedKeys(v.d.AuthorityReceipts) {
		if _, ok := v.d.Authority[i]; !ok {
			c.fail(fmt.Sprintf("authority/%d.tlog-proof không có bản ghi tương ứng.", i),
				fmt.Sprintf("authority/%d.tlog-proof has no matching leaf.", i))
		}
	}
	return good
}

// authorityChains groups the leaves by chain, in index order, and marks
// the chains that do not run whole from seq 1 or whose leaves name another
// person or unit than their chain.
func authorityChains(c *claim, good map[uint64]Entry) (map[string][]uint64, map[string]bool) {
	chains := map[string][]uint64{}
	for _, i := range sortedKeys(good) {
		chains[good[i].Case] = append(chains[good[i].Case], i)
	}
	broken := map[string]bool{}
	for _, id := range sortedKeys(chains) {
		prev := int64(-1)
		for n, i := range chains[id] {
			e := good[i]
			if e.Seq != n+1 || e.Prev != prev {
				c.fail(fmt.Sprintf("Chuỗi %s: bản ghi %d có số thứ tự %d, trỏ về %d; cần %d, trỏ về %d: thiếu bản ghi.", id, i, e.Seq, e.Prev, n+1, prev),
					fmt.Sprintf("Chain %s: leaf %d has seq %d and points to %d; expected seq %d pointing to %d: a leaf is missing.", id, i, e.Seq, e.Prev, n+1, prev))
				broken[id] = true
			}
			if rest, ok := strings.CutPrefix(id, "auth:"); ok {
				unit, person, _ := strings.Cut(rest, ":")
				u, _ := e.Get(FieldUnit)
				p, _ := e.Get(FieldPerson)
				if u != unit || p != person {
					c.fail(fmt.Sprintf("Chuỗi %s: bản ghi %d ghi đơn vị %q, người %q, khác với chuỗi.", id, i, u, p),
						fmt.Sprintf("Chain %s: leaf %d names unit %q and person %q, not its chain's.", id, i, u, p))
					broken[id] = true
				}
			}
			prev = int64(i)
		}
	}
	return chains, broken
}

// shortPseudonym shortens a pseudonym for a line of the report.
func shortPseudonym(p string) string {
	if len(p) > 12 {
		return p[:12] + "…"
	}
	return p
}

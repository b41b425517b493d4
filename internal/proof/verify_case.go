package proof

import (
	"fmt"
	"slices"
	"strconv"
)

// ApprovalTypes are the leaf types that approve a scope. An adjustment
// re-approves: actions after it are checked against the adjusted scope.
var ApprovalTypes = []string{
	"proposal.approved",
	"proposal.approved_pilot",
	"proposal.approved_override",
	"pilot.adjusted",
}

// IsApproval reports whether a leaf of type t approves a scope.
func IsApproval(t string) bool { return slices.Contains(ApprovalTypes, t) }

// IsAction reports whether e records an action taken under an approval,
// that is, whether it carries any act.* coordinate.
func IsAction(e Entry) bool {
	for _, k := range []string{FieldActUnit, FieldActDate, FieldActAmount} {
		if _, ok := e.Get(k); ok {
			return true
		}
	}
	return false
}

func (v *verifier) chain() Claim {
	c := newClaim(ClaimChain,
		"Chuỗi hồ sơ không bị đứt: số thứ tự liên tiếp từ 1, mỗi bản ghi trỏ đúng bản ghi trước của cùng hồ sơ.",
		"The case's chain is unbroken: seq runs 1..n and each leaf points to the case's previous leaf.")
	for _, i := range v.idx {
		if err, ok := v.bad[i]; ok {
			c.fail(fmt.Sprintf("leaves/%d.leaf không đọc được: %v", i, err), fmt.Sprintf("leaves/%d.leaf cannot be parsed: %v", i, err))
		}
	}
	prev := int64(-1)
	for n, i := range v.idx {
		e, ok := v.entries[i]
		if !ok {
			prev = int64(i)
			continue
		}
		if e.Case != v.d.Case {
			c.fail(fmt.Sprintf("Bản ghi %d thuộc hồ sơ %q, không phải %q.", i, e.Case, v.d.Case),
				fmt.Sprintf("Leaf %d belongs to case %q, not %q.", i, e.Case, v.d.Case))
		}
		if e.Seq != n+1 {
			c.fail(fmt.Sprintf("Bản ghi %d có số thứ tự %d, cần %d: thiếu hoặc thừa bản ghi.", i, e.Seq, n+1),
				fmt.Sprintf("Leaf %d has seq %d, expected %d: a leaf is missing or extra.", i, e.Seq, n+1))
		}
		if e.Prev != prev {
			c.fail(fmt.Sprintf("Bản ghi %d trỏ về %d, cần %d.", i, e.Prev, prev),
				fmt.Sprintf("Leaf %d points to previous leaf %d, expected %d.", i, e.Prev, prev))
		}
		prev = int64(i)
	}
	return c.done()
}

func (v *verifier) records() Claim { return v.checkRecords().done() }

func (v *verifier) checkRecords() *claim {
	c := newClaim(ClaimRecords,
		"Mỗi hồ sơ nghiệp vụ (JSON) và phạm vi phê duyệt khớp mã băm ghi trong bản ghi.",
		"Every record JSON matches its leaf's payload.sha256 and every scope JSON its scope.sha256.")
	strict := v.d.format() != DossierFormatV1
	check := func(kind string, files map[uint64][]byte, key string, allowed func(Entry) bool) {
		for _, i := range v.idx {
			e, ok := v.entries[i]
			if !ok {
				continue
			}
			want, has := e.Get(key)
			file := fmt.Sprintf("%s/%d.json", kind, i)
			b, present := files[i]
			switch {
			case has && !allowed(e):
				c.fail(fmt.Sprintf("Bản ghi %d (%s) không được mang %s.", i, e.Type, key),
					fmt.Sprintf("Leaf %d (%s) must not carry %s.", i, e.Type, key))
			case has && !present && strict:
				// A v2 dossier carries every record and scope its
				// leaves name: one left out hides what was decided.
				c.fail(fmt.Sprintf("Thiếu %s: bản ghi %d có %s %s.", file, i, key, want),
					fmt.Sprintf("%s is missing: leaf %d carries %s %s.", file, i, key, want))
			case has && !present:
				c.unknown("Thiếu "+file+": không kiểm tra được nội dung.", file+" is missing: its content cannot be checked.")
			case !has && present:
				c.fail(fmt.Sprintf("%s có nhưng bản ghi %d không có %s.", file, i, key),
					fmt.Sprintf("%s is present but leaf %d has no %s.", file, i, key))
			case has && sha256Hex(b) != want:
				c.fail(fmt.Sprintf("%s có SHA-256 %s, khác %s %s của bản ghi %d: nội dung đã bị thay đổi.", file, sha256Hex(b), key, want, i),
					fmt.Sprintf("%s has SHA-256 %s, not the %s %s of leaf %d: the content was changed.", file, sha256Hex(b), key, want, i))
			}
		}
		for _, i := range sortedKeys(files) {
			if _, ok := v.d.Leaves[i]; !ok {
				c.fail(fmt.Sprintf("%s/%d.json không có bản ghi tương ứng.", kind, i),
					fmt.Sprintf("%s/%d.json has no matching leaf.", kind, i))
			}
		}
	}
	check("records", v.d.Records, FieldPayload, func(Entry) bool { return true })
	check("scope", v.d.Scopes, FieldScope, func(e Entry) bool { return IsApproval(e.Type) })
	for _, i := range sortedKeys(v.d.Scopes) {
		if _, err := ParseScope(v.d.Scopes[i]); err != nil {
			c.fail(fmt.Sprintf("scope/%d.json không hợp lệ: %v", i, err), fmt.Sprintf("scope/%d.json is not a valid scope: %v", i, err))
		}
	}
	if strict {
		v.recordsMatchLeaves(c)
	}
	return c
}

// recordsMatchLeaves checks, in a v2 dossier, that each record that matches
// its leaf says what its leaf says: the leaf's scope.sha256 is the digest
// of the scope in the record, and its doc.sha256 values are the record's
// docs. A leaf is derived from its record when the event is written; a
// record that says otherwise means the leaf does not commit to what the
// inspector reads (an approval whose budget in the record is not the one
// the leaf's digest names, say).
func (v *verifier) recordsMatchLeaves(c *claim) {
	for _, i := range v.idx {
		pr, ok := v.recs[i]
		if !ok || !pr.matches {
			continue // missing or changed: reported above
		}
		e := v.entries[i]
		file := fmt.Sprintf("records/%d.json", i)
		if pr.err != nil {
			c.fail(fmt.Sprintf("%s không đọc được: %v", file, pr.err), fmt.Sprintf("%s cannot be read: %v", file, pr.err))
			continue
		}
		want, has := e.Get(FieldScope)
		switch r := pr.r; {
		case has && r.scope == nil:
			c.fail(fmt.Sprintf("%s không có phạm vi (scope), nhưng bản ghi %d có scope.sha256 %s.", file, i, want),
				fmt.Sprintf("%s carries no scope, but leaf %d names scope.sha256 %s.", file, i, want))
		case !has && r.scope != nil:
			c.fail(fmt.Sprintf("%s có phạm vi (scope) nhưng bản ghi %d không có scope.sha256.", file, i),
				fmt.Sprintf("%s carries a scope, but leaf %d has no scope.sha256.", file, i))
		case has && r.scope.Digest() != want:
			c.fail(fmt.Sprintf("%s: phạm vi được phê duyệt có SHA-256 %s, khác scope.sha256 %s của bản ghi %d.", file, r.scope.Digest(), want, i),
				fmt.Sprintf("%s: its approved scope has SHA-256 %s, not the scope.sha256 %s of leaf %d.", file, r.scope.Digest(), want, i))
		}
		docs, leafDocs := slices.Sorted(slices.Values(pr.r.docs)), slices.Sorted(slices.Values(e.All(FieldDoc)))
		if !slices.Equal(docs, leafDocs) {
			c.fail(fmt.Sprintf("%s liệt kê tệp đính kèm %v, bản ghi %d ghi doc.sha256 %v.", file, docs, i, leafDocs),
				fmt.Sprintf("%s lists attachments %v, leaf %d names doc.sha256 %v.", file, docs, i, leafDocs))
		}
	}
}

// approvalOf returns the approval leaf an action or report is filed under.
func (v *verifier) approvalOf(i uint64, e Entry) (uint64, string, string) {
	s, ok := e.Get(FieldScopeUnder)
	if !ok {
		return 0, fmt.Sprintf("Hành động %d không ghi scope.under (phê duyệt nào?).", i),
			fmt.Sprintf("Action %d names no approval (scope.under).", i)
	}
	u, err := strconv.ParseUint(s, 10, 64)
	switch {
	case err != nil || strconv.FormatUint(u, 10) != s:
		return 0, fmt.Sprintf("Bản ghi %d: scope.under %q không hợp lệ.", i, s), fmt.Sprintf("Leaf %d: bad scope.under %q.", i, s)
	case u >= i:
		return 0, fmt.Sprintf("Bản ghi %d được ghi TRƯỚC phê duyệt %d mà nó viện dẫn.", i, u),
			fmt.Sprintf("Leaf %d was logged BEFORE the approval %d it cites.", i, u)
	}
	a, ok := v.entries[u]
	switch {
	case !ok:
		return 0, fmt.Sprintf("Bản ghi %d viện dẫn phê duyệt %d không có trong hồ sơ.", i, u),
			fmt.Sprintf("Leaf %d cites approval %d, which is not in the dossier.", i, u)
	case !IsApproval(a.Type):
		return 0, fmt.Sprintf("Bản ghi %d viện dẫn %d, là %s chứ không phải phê duyệt.", i, u, a.Type),
			fmt.Sprintf("Leaf %d cites %d, a %s, not an approval.", i, u, a.Type)
	}
	return u, "", ""
}

func (v *verifier) approvedFirst() Claim {
	c := newClaim(ClaimApprovedFirst,
		"Phê duyệt có trước mỗi hành động được báo cáo theo nó.",
		"The approval precedes each action reported under it.")
	for _, i := range v.idx {
		e, ok := v.entries[i]
		if !ok {
			continue
		}
		if _, cites := e.Get(FieldScopeUnder); !cites && !IsAction(e) {
			continue
		}
		if u, vi, en := v.approvalOf(i, e); en != "" {
			c.fail(vi, en)
		} else {
			c.note(fmt.Sprintf("Bản ghi %d (%s) sau phê duyệt %d.", i, e.Type, u),
				fmt.Sprintf("Leaf %d (%s) follows approval %d.", i, e.Type, u))
		}
	}
	return c.done()
}

package proof

import (
	"fmt"
	"strconv"
)

// inScope re-runs Scope.Check on every action, as the system should have
// done when the action was recorded, and reports any action the system
// itself flagged. Spending is cumulative over the whole case, so an
// adjustment that raises a budget raises the ceiling, not the counter.
func (v *verifier) inScope() Claim {
	c := newClaim(ClaimInScope,
		"Mỗi hành động nằm trong phạm vi đã được phê duyệt (đơn vị, thời gian, kinh phí).",
		"Each action was inside its approved scope (unit, dates, budget).")
	var spent int64
	actions := 0
	for _, i := range v.idx {
		e, ok := v.entries[i]
		if !ok || !IsAction(e) {
			continue
		}
		actions++
		unit, _ := e.Get(FieldActUnit)
		date, _ := e.Get(FieldActDate)
		amountText, _ := e.Get(FieldActAmount)
		amount, err := strconv.ParseInt(amountText, 10, 64)
		if err != nil || strconv.FormatInt(amount, 10) != amountText {
			c.fail(fmt.Sprintf("Hành động %d: số tiền act.amount %q không hợp lệ.", i, amountText),
				fmt.Sprintf("Action %d: bad act.amount %q.", i, amountText))
			amount = 0
		}
		before := spent
		if amount > 0 {
			spent += amount
		}
		if reason, flagged := e.Get(FieldScopeOutside); flagged {
			c.fail(fmt.Sprintf("Hành động %d đã bị hệ thống đánh dấu NGOÀI phạm vi khi ghi: %s", i, reason),
				fmt.Sprintf("Action %d was flagged OUTSIDE the scope by the system when recorded: %s", i, reason))
		}
		u, vi, en := v.approvalOf(i, e)
		if en != "" {
			c.fail(fmt.Sprintf("Hành động %d không kiểm tra được phạm vi: %s", i, vi),
				fmt.Sprintf("Action %d cannot be checked against a scope: %s", i, en))
			continue
		}
		for _, j := range v.idx {
			if a, ok := v.entries[j]; ok && j > u && j < i && IsApproval(a.Type) {
				c.fail(fmt.Sprintf("Hành động %d viện dẫn phê duyệt %d, đã được thay bằng phê duyệt %d.", i, u, j),
					fmt.Sprintf("Action %d cites approval %d, which approval %d had already replaced.", i, u, j))
				break
			}
		}
		raw, ok := v.d.Scopes[u]
		if !ok {
			c.unknown(fmt.Sprintf("Hành động %d: thiếu scope/%d.json.", i, u), fmt.Sprintf("Action %d: scope/%d.json is missing.", i, u))
			continue
		}
		s, err := ParseScope(raw)
		if err != nil {
			c.fail(fmt.Sprintf("Hành động %d: phạm vi %d không đọc được.", i, u), fmt.Sprintf("Action %d: scope %d is unreadable.", i, u))
			continue
		}
		viol := s.Check(unit, date, amount, before)
		for _, x := range viol {
			c.fail(fmt.Sprintf("Hành động %d (%s): %s", i, e.Type, x.VI), fmt.Sprintf("Action %d (%s): %s", i, e.Type, x.EN))
		}
		if len(viol) == 0 {
			c.note(fmt.Sprintf("Hành động %d: đơn vị %s, ngày %s, %d VND (lũy kế %d) trong phạm vi %d.", i, unit, date, amount, spent, u),
				fmt.Sprintf("Action %d: unit %s, %s, %d VND (cumulative %d) within scope %d.", i, unit, date, amount, spent, u))
		}
	}
	if actions == 0 {
		c.note("Hồ sơ không có hành động nào cần đối chiếu phạm vi.", "The case records no actions to check against a scope.")
	}
	return c.done()
}

package proof

import (
	"encoding/json"
	"fmt"
)

// ClaimRules is the claim that a case followed one rule set: the limits,
// reminders and vote threshold its locality issued, fixed when it was
// first submitted.
const ClaimRules = "case.rules"

// rules checks, for a case whose leaves name a rule set (rules.set and
// rules.sha256), that every leaf from the first that names one names the
// same set, and that the record of that first leaf, its submission, logs
// the set whole with the digest its leaf names. It names the set, so an
// inspector reads which rules the case was decided under. ok is false for
// a case whose leaves name none (submitted before cases logged theirs: the
// national set applies).
func (v *verifier) rules() (Claim, bool) {
	c := newClaim(ClaimRules,
		"Hồ sơ theo một bộ quy định (thời hạn, nhắc hạn, tỷ lệ biểu quyết) cố định từ lần trình đầu, ghi đủ trong hồ sơ nghiệp vụ.",
		"The case followed one rule set (time limits, reminders, vote threshold), fixed at its first submission and logged whole in its record.")
	first, set, sum := uint64(0), "", ""
	for _, i := range v.idx {
		e, ok := v.entries[i]
		if !ok {
			continue
		}
		s, has := e.Get(FieldCaseRules)
		h, _ := e.Get(FieldRulesSHA)
		switch {
		case set == "" && has:
			first, set, sum = i, s, h
		case set != "" && !has:
			c.fail(fmt.Sprintf("Bản ghi %d (%s) không nêu bộ quy định, trong khi hồ sơ theo %s.", i, e.Type, set),
				fmt.Sprintf("Leaf %d (%s) names no rule set; the case follows %s.", i, e.Type, set))
		case set != "" && (s != set || h != sum):
			c.fail(fmt.Sprintf("Bản ghi %d nêu bộ quy định %s (%s), khác %s (%s) từ bản ghi %d.", i, s, h, set, sum, first),
				fmt.Sprintf("Leaf %d names rule set %s (%s), not the %s (%s) of leaf %d.", i, s, h, set, sum, first))
		}
	}
	if set == "" {
		return Claim{}, false
	}
	b, present := v.d.Records[first]
	pr := v.recs[first]
	switch {
	case !present:
		c.unknown(fmt.Sprintf("Thiếu records/%d.json: không đọc được nội dung bộ quy định %s.", first, set),
			fmt.Sprintf("records/%d.json is missing: the content of rule set %s cannot be read.", first, set))
	case !pr.matches:
		c.fail(fmt.Sprintf("records/%d.json không khớp bản ghi: không tin được bộ quy định trong đó.", first),
			fmt.Sprintf("records/%d.json does not match its leaf: the rule set in it cannot be trusted.", first))
	default:
		name, instrument, got, err := loggedRules(b)
		switch {
		case err != nil:
			c.fail(fmt.Sprintf("records/%d.json: %v", first, err), fmt.Sprintf("records/%d.json: %v", first, err))
		case got != sum:
			c.fail(fmt.Sprintf("records/%d.json ghi bộ quy định có SHA-256 %s, khác rules.sha256 %s của bản ghi.", first, got, sum),
				fmt.Sprintf("records/%d.json logs a rule set with SHA-256 %s, not its leaf's rules.sha256 %s.", first, got, sum))
		default:
			c.note(fmt.Sprintf("Bộ quy định: %s (%s), theo %s; SHA-256 %s, ghi tại bản ghi %d.", name, set, instrument, sum, first),
				fmt.Sprintf("Rule set: %s (%s), issued by %s; SHA-256 %s, logged at leaf %d.", name, set, instrument, sum, first))
		}
	}
	return c.done(), true
}

// loggedRules reads the rule set a submission's record logs whole
// (details.rules): its name, its instrument and the SHA-256 of its
// sorted-key encoding, which is the encoding the set is hashed in.
func loggedRules(b []byte) (name, instrument, sum string, err error) {
	var rec struct {
		Details struct {
			Rules json.RawMessage `json:"rules"`
		} `json:"details"`
	}
	if err := json.Unmarshal(b, &rec); err != nil || len(rec.Details.Rules) == 0 {
		return "", "", "", fmt.Errorf("details.rules is missing")
	}
	var generic any
	if err := json.Unmarshal(rec.Details.Rules, &generic); err != nil {
		return "", "", "", fmt.Errorf("details.rules: %w", err)
	}
	canon, err := json.Marshal(generic)
	if err != nil {
		return "", "", "", err
	}
	var named struct {
		Name       string `json:"name"`
		Instrument string `json:"instrument"`
	}
	json.Unmarshal(canon, &named)
	return named.Name, named.Instrument, sha256Hex(canon), nil
}

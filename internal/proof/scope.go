package proof

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// Scope is what an approval allows: where, when and for how much. It is the
// checkable object behind "acting within the approved scope" (Decree
// 73/2023/NĐ-CP, Art. 11): an action outside it is not protected.
type Scope struct {
	Units          []string    `json:"units"`
	Start          string      `json:"start"` // YYYY-MM-DD, inclusive
	End            string      `json:"end"`   // YYYY-MM-DD, inclusive
	BudgetVND      int64       `json:"budget_vnd"`
	Indicators     []Indicator `json:"indicators,omitempty"`
	StopConditions []string    `json:"stop_conditions,omitempty"`
	// Stops are the stop conditions a report can be checked against: an
	// indicator below or above a threshold, a date reached, spending
	// reached. StopConditions keep the ones only people can judge.
	Stops []StopCheck `json:"stops,omitempty"`
}

// The kinds of checkable stop condition.
const (
	StopIndicatorBelow = "indicator_below" // the indicator falls below Value
	StopIndicatorAbove = "indicator_above" // the indicator rises above Value
	StopDate           = "date"            // a report on or after Date
	StopSpending       = "spending"        // spending reaches AmountVND
)

// StopCheck is one checkable stop condition of a scope.
type StopCheck struct {
	Kind      string  `json:"kind"`
	Indicator string  `json:"indicator,omitempty"`
	Value     float64 `json:"value,omitempty"`
	Date      string  `json:"date,omitempty"`
	AmountVND int64   `json:"amount_vnd,omitempty"`
}

// validate reports why c cannot be checked.
func (c StopCheck) validate() error {
	switch c.Kind {
	case StopIndicatorBelow, StopIndicatorAbove:
		if checkValue(c.Indicator) != nil || math.IsNaN(c.Value) || math.IsInf(c.Value, 0) || c.Date != "" || c.AmountVND != 0 {
			return fmt.Errorf("scope: bad indicator stop %q", c.Indicator)
		}
	case StopDate:
		if _, err := time.Parse(dateLayout, c.Date); err != nil || c.Indicator != "" || c.Value != 0 || c.AmountVND != 0 {
			return fmt.Errorf("scope: bad date stop %q", c.Date)
		}
	case StopSpending:
		if c.AmountVND <= 0 || c.Indicator != "" || c.Value != 0 || c.Date != "" {
			return fmt.Errorf("scope: bad spending stop %d", c.AmountVND)
		}
	default:
		return fmt.Errorf("scope: unknown stop kind %q", c.Kind)
	}
	return nil
}

// Indicator is a measurable target a pilot reports against.
type Indicator struct {
	Name   string  `json:"name"`
	Unit   string  `json:"unit"`
	Target float64 `json:"target"`
}

// Violation says why an action falls outside a scope, in both languages.
type Violation struct {
	Code string `json:"code"` // unit_outside, before_start, after_end, over_budget, bad_date, bad_amount
	VI   string `json:"vi"`
	EN   string `json:"en"`
}

const dateLayout = "2006-01-02"

// Canonical returns the one JSON form whose digest approval leaves carry:
// units sorted, no HTML escaping, no trailing newline. Indicator and stop
// condition order is kept, since a drafter may rank them.
func (s Scope) Canonical() []byte {
	c := s
	c.Units = slices.Clone(s.Units)
	if c.Units == nil {
		c.Units = []string{}
	}
	slices.Sort(c.Units)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c); err != nil {
		// Only NaN or Inf targets can fail here; Validate rejects them.
		return nil
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// Digest is the hex SHA-256 of Canonical, the value of scope.sha256.
func (s Scope) Digest() string {
	sum := sha256.Sum256(s.Canonical())
	return hex.EncodeToString(sum[:])
}

// Validate reports the first reason s cannot serve as an approved scope.
func (s Scope) Validate() error {
	if len(s.Units) == 0 {
		return errors.New("scope: no units")
	}
	seen := map[string]bool{}
	for _, u := range s.Units {
		if checkValue(u) != nil {
			return fmt.Errorf("scope: bad unit %q", u)
		}
		if seen[u] {
			return fmt.Errorf("scope: unit %q listed twice", u)
		}
		seen[u] = true
	}
	start, err1 := time.Parse(dateLayout, s.Start)
	end, err2 := time.Parse(dateLayout, s.End)
	if err1 != nil || err2 != nil {
		return fmt.Errorf("scope: dates must be YYYY-MM-DD, got %q and %q", s.Start, s.End)
	}
	if end.Before(start) {
		return fmt.Errorf("scope: end %s before start %s", s.End, s.Start)
	}
	if s.BudgetVND < 0 {
		return fmt.Errorf("scope: negative budget %d", s.BudgetVND)
	}
	for _, in := range s.Indicators {
		if checkValue(in.Name) != nil || math.IsNaN(in.Target) || math.IsInf(in.Target, 0) {
			return fmt.Errorf("scope: bad indicator %q", in.Name)
		}
	}
	for _, c := range s.StopConditions {
		if checkValue(c) != nil {
			return fmt.Errorf("scope: bad stop condition %q", c)
		}
	}
	for _, c := range s.Stops {
		if err := c.validate(); err != nil {
			return err
		}
	}
	return nil
}

// ParseScope decodes a scope file and insists that it is valid and already
// canonical, so that the bytes shown to an inspector are the bytes hashed.
func ParseScope(b []byte) (Scope, error) {
	var s Scope
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return Scope{}, fmt.Errorf("scope: %w", err)
	}
	if dec.More() {
		return Scope{}, errors.New("scope: trailing data")
	}
	if err := s.Validate(); err != nil {
		return Scope{}, err
	}
	if !bytes.Equal(s.Canonical(), b) {
		return Scope{}, errors.New("scope: not in canonical form")
	}
	return s, nil
}

// Check returns every reason an action at unit, on date (YYYY-MM-DD), costing
// amount VND falls outside s, given spentBefore VND already spent by earlier
// actions of the same case. Dates are inclusive; nil means inside.
func (s Scope) Check(unit, date string, amount, spentBefore int64) []Violation {
	var out []Violation
	if !slices.Contains(s.Units, unit) {
		out = append(out, Violation{"unit_outside",
			fmt.Sprintf("Đơn vị %q không thuộc phạm vi được phê duyệt (%v).", unit, s.Units),
			fmt.Sprintf("Unit %q is not in the approved scope (%v).", unit, s.Units)})
	}
	if _, err := time.Parse(dateLayout, date); err != nil {
		out = append(out, Violation{"bad_date",
			fmt.Sprintf("Ngày thực hiện %q không hợp lệ (cần YYYY-MM-DD).", date),
			fmt.Sprintf("Action date %q is not a valid YYYY-MM-DD date.", date)})
	} else if date < s.Start {
		// YYYY-MM-DD strings order like the dates they name.
		out = append(out, Violation{"before_start",
			fmt.Sprintf("Ngày %s trước ngày bắt đầu được phê duyệt %s.", date, s.Start),
			fmt.Sprintf("Date %s is before the approved start %s.", date, s.Start)})
	} else if date > s.End {
		out = append(out, Violation{"after_end",
			fmt.Sprintf("Ngày %s sau ngày kết thúc được phê duyệt %s.", date, s.End),
			fmt.Sprintf("Date %s is after the approved end %s.", date, s.End)})
	}
	switch {
	case amount < 0 || spentBefore < 0:
		out = append(out, Violation{"bad_amount",
			fmt.Sprintf("Số tiền không hợp lệ (%d, đã chi trước đó %d).", amount, spentBefore),
			fmt.Sprintf("Invalid amount (%d, spent before %d).", amount, spentBefore)})
	case amount > math.MaxInt64-spentBefore || spentBefore+amount > s.BudgetVND:
		out = append(out, Violation{"over_budget",
			fmt.Sprintf("Tổng chi %s VND vượt kinh phí được phê duyệt %d VND.", sumText(spentBefore, amount), s.BudgetVND),
			fmt.Sprintf("Cumulative spending %s VND exceeds the approved budget of %d VND.", sumText(spentBefore, amount), s.BudgetVND)})
	}
	return out
}

func sumText(a, b int64) string {
	if b > math.MaxInt64-a {
		return fmt.Sprintf("%d + %d", a, b)
	}
	return fmt.Sprintf("%d (%d + %d)", a+b, a, b)
}

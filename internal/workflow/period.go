package workflow

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"damlam/internal/calendar"
	"damlam/internal/org"
	"damlam/internal/problem"
)

// Period is a reporting period: a quarter (sơ kết quý) or a year (tổng
// kết năm), bounded by Vietnamese midnight: Q4 2026 runs from 00:00 on
// 1/10/2026 to 00:00 on 1/1/2027 in Hà Nội, whatever the server's zone.
type Period struct {
	Year    int
	Quarter int // 1–4; 0 for the whole year
}

// ParsePeriod reads "2026" or "2026-Q4" (also "2026-q4").
func ParsePeriod(s string) (Period, error) {
	bad := problem.New(problem.Invalid, "bad_period", s)
	y, q, quarterly := strings.Cut(strings.TrimSpace(s), "-")
	year, err := strconv.Atoi(y)
	if err != nil || len(y) != 4 || year < 2000 || year > 2200 {
		return Period{}, bad
	}
	p := Period{Year: year}
	if quarterly {
		if len(q) != 2 || (q[0] != 'Q' && q[0] != 'q') || q[1] < '1' || q[1] > '4' {
			return Period{}, bad
		}
		p.Quarter = int(q[1] - '0')
	}
	return p, nil
}

// String is the form ParsePeriod reads.
func (p Period) String() string {
	if p.Quarter == 0 {
		return strconv.Itoa(p.Year)
	}
	return fmt.Sprintf("%d-Q%d", p.Year, p.Quarter)
}

// Start is the period's first instant, Vietnamese time.
func (p Period) Start() time.Time {
	m := time.January
	if p.Quarter > 0 {
		m = time.Month(3*(p.Quarter-1) + 1)
	}
	return time.Date(p.Year, m, 1, 0, 0, 0, 0, calendar.Vietnam())
}

// End is the first instant after the period.
func (p Period) End() time.Time {
	if p.Quarter == 0 {
		return p.Start().AddDate(1, 0, 0)
	}
	return p.Start().AddDate(0, 3, 0)
}

// Previous is the period before, of the same length: the one a report
// compares with.
func (p Period) Previous() Period {
	switch p.Quarter {
	case 0:
		return Period{Year: p.Year - 1}
	case 1:
		return Period{Year: p.Year - 1, Quarter: 4}
	}
	return Period{Year: p.Year, Quarter: p.Quarter - 1}
}

// PeriodOf is the quarter (quarterly) or the year that t falls in, in
// Vietnamese time.
func PeriodOf(t time.Time, quarterly bool) Period {
	v := t.In(calendar.Vietnam())
	p := Period{Year: v.Year()}
	if quarterly {
		p.Quarter = (int(v.Month())-1)/3 + 1
	}
	return p
}

// DecisionLimit is the working days from a submission to the decision
// that the deadline rule of a submitted case sets (7, Decree 73 Art. 7).
var DecisionLimit = Deadlines[Submitted].Days

// ReadsReport says whether p may read the report of the unit at path with
// its subtree: heads and deputies of the unit or above, and the roles that
// oversee a subtree (inspectors, the secretariat…) over it.
func ReadsReport(p *org.Person, path string) bool {
	subtrees, _ := p.ReadScopes()
	for _, s := range subtrees {
		if strings.HasPrefix(path, s) {
			return true
		}
	}
	return false
}

// ReadsEvidence says whether reader may read the per-cadre evidence of
// subject for an evaluation (QĐ 366): the person themself, the heads of a
// unit they sit in or of one above it, the roles that oversee such a unit
// (inspectors…), and its personnel office (secretariat). Deputies read
// their unit's cases, not their colleagues' evaluations.
func ReadsEvidence(reader, subject *org.Person) bool {
	if reader.ID == subject.ID {
		return true
	}
	oversight, _ := (&org.Person{Grants: reader.Grants}).ReadScopes()
	for _, s := range subject.Seats {
		if reader.Has(org.Secretariat, s.UnitPath) {
			return true
		}
		for _, o := range oversight {
			if strings.HasPrefix(s.UnitPath, o) {
				return true
			}
		}
		for _, h := range reader.Seats {
			if h.Position == org.Head && strings.HasPrefix(s.UnitPath, h.UnitPath) {
				return true
			}
		}
	}
	return false
}

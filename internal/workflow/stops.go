package workflow

import (
	"fmt"

	"damlam/internal/proof"
)

// A scope's checkable stop conditions (proof.StopCheck) are checked
// against every progress and completion report: the indicator values it
// reports, its date and the spending under the scope after it. What it
// crossed is logged in the report's details, which its leaf binds by the
// payload's digest, and the fold recomputes it, so a crossing can be
// neither hidden nor invented; the head is told at once.

// CrossedStop is one stop condition a report crossed, with what crossed it.
type CrossedStop struct {
	Check     int     `json:"check"` // its place in the scope's stops, from 0
	Kind      string  `json:"kind"`
	Indicator string  `json:"indicator,omitempty"`
	Threshold float64 `json:"threshold,omitempty"`
	Observed  float64 `json:"observed,omitempty"`
	Date      string  `json:"date,omitempty"`
	LimitVND  int64   `json:"limit_vnd,omitempty"`
	SpentVND  int64   `json:"spent_vnd,omitempty"`
}

// StopDetails: the stop conditions a report crossed (none: no details).
type StopDetails struct {
	StopsCrossed []CrossedStop `json:"stops_crossed"`
}

// CrossedStops lists the approved scope's stop conditions that a report of
// these indicator values, on date (yyyy-mm-dd), with spent VND spent under
// the scope after it, crosses.
func (r *Record) CrossedStops(indicators map[string]float64, date string, spent int64) []CrossedStop {
	if r.Scope == nil {
		return nil
	}
	var out []CrossedStop
	for i, c := range r.Scope.Stops {
		x := CrossedStop{Check: i, Kind: c.Kind}
		switch c.Kind {
		case proof.StopIndicatorBelow, proof.StopIndicatorAbove:
			v, ok := indicators[c.Indicator]
			if !ok || (c.Kind == proof.StopIndicatorBelow && v >= c.Value) || (c.Kind == proof.StopIndicatorAbove && v <= c.Value) {
				continue
			}
			x.Indicator, x.Threshold, x.Observed = c.Indicator, c.Value, v
		case proof.StopDate:
			if date == "" || date < c.Date {
				continue
			}
			x.Date = c.Date
		case proof.StopSpending:
			if spent < c.AmountVND {
				continue
			}
			x.LimitVND, x.SpentVND = c.AmountVND, spent
		default:
			continue
		}
		out = append(out, x)
	}
	return out
}

// reportStops checks a report's logged crossings against the scope's
// stop conditions, after the report was counted against the scope.
func (r *Record) reportStops(e Event, indicators map[string]float64, date string, ch *Change) error {
	want := r.CrossedStops(indicators, date, r.ScopeSpent)
	var logged StopDetails
	if len(e.Payload.Details) > 0 {
		if err := decodeDetails(e, &logged); err != nil {
			return err
		}
	}
	if len(logged.StopsCrossed) != len(want) || (len(want) > 0 && !sameJSON(logged.StopsCrossed, want)) {
		return fmt.Errorf("logged %d stop conditions crossed, the scope gives %d", len(logged.StopsCrossed), len(want))
	}
	ch.StopsCrossed = len(want) > 0
	return nil
}

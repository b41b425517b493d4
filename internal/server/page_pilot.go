package server

import (
	"encoding/json"
	"html/template"
	"net/http"

	"damlam/internal/org"
	"damlam/internal/proof"
	"damlam/internal/sqlstore"
	"damlam/internal/workflow"
)

// pilotData is the monitoring of an approved plan: its scope, what was
// spent against it, progress and indicators against targets, obstacles,
// inspections and their findings, adjustments, and every action the record
// flags as outside the approved scope.
type pilotData struct {
	*proposalData
	Scope       *proof.Scope
	SpentPct    int64
	Resources   []resourceLine
	Progress    []progressLine
	Indicators  []indicatorLine
	Chart       template.HTML
	Obstacles   []obstacleLine
	Inspections []inspectionLine
	Changes     []sqlstore.EventView // adjustments, suspensions, resumptions, stops
	Outside     []progressLine
	Completion  *completionLine
	// StopChecks are the scope's checkable stop conditions, Crossed the
	// ones reports crossed, each already in the reader's words.
	StopChecks []string
	Crossed    []string
}

type resourceLine struct {
	sqlstore.EventView
	In workflow.ResourcesInput
}

type progressLine struct {
	sqlstore.EventView
	In      workflow.ProgressInput
	Outside []proof.Violation
}

// indicatorLine is an approved indicator with the latest value reported.
type indicatorLine struct {
	proof.Indicator
	Latest   float64
	Reported bool
	Pct      int
}

type obstacleLine struct {
	sqlstore.EventView
	Description string
	Resolved    *sqlstore.EventView
	Resolution  string
}

type inspectionLine struct {
	sqlstore.EventView
	In          workflow.InspectInput
	Corrections map[int]workflow.CorrectionInput
}

type completionLine struct {
	sqlstore.EventView
	In workflow.CompletionInput
}

func (s *Server) pilotPage(w http.ResponseWriter, r *http.Request, me *org.Person) {
	p, ok := s.loadCase(w, r, me)
	if !ok {
		return
	}
	v := s.newView(r, "", "web.tab.pilot")
	v.Title = s.caseTitle(v, "web.tab.pilot", p)
	s.showPilot(w, r, http.StatusOK, v, p)
}

func (s *Server) showPilot(w http.ResponseWriter, r *http.Request, status int, v *view, p *sqlstore.ProposalView) {
	d := &pilotData{proposalData: s.proposalData(r, v, p, "pilot", workflow.StagePilot), Scope: p.ApprovedScope}
	if d.Scope != nil && d.Scope.BudgetVND > 0 {
		d.SpentPct = p.ScopeSpentVND * 100 / d.Scope.BudgetVND
	}
	latest := map[string]float64{}
	for _, ev := range p.History {
		switch ev.Type {
		case "pilot.resources_allocated":
			d.Resources = append(d.Resources, resourceLine{ev, input[workflow.ResourcesInput](ev)})
		case "pilot.progress_reported":
			d.Crossed = append(d.Crossed, crossedLines(v, ev)...)
			pl := progressLine{ev, input[workflow.ProgressInput](ev), parsePayload(ev).Outside}
			d.Progress = append(d.Progress, pl)
			if len(pl.Outside) > 0 {
				d.Outside = append(d.Outside, pl)
			}
			for k, x := range pl.In.Indicators {
				latest[k] = x
			}
		case "pilot.obstacle_raised":
			d.Obstacles = append(d.Obstacles, obstacleLine{EventView: ev, Description: input[workflow.ObstacleInput](ev).Description})
		case "pilot.obstacle_resolved":
			in := input[workflow.ResolveObstacleInput](ev)
			for i := range d.Obstacles {
				if d.Obstacles[i].Seq == in.Obstacle {
					e := ev
					d.Obstacles[i].Resolved, d.Obstacles[i].Resolution = &e, in.Resolution
				}
			}
		case "pilot.inspected":
			d.Inspections = append(d.Inspections, inspectionLine{ev, input[workflow.InspectInput](ev), map[int]workflow.CorrectionInput{}})
		case "pilot.violation_corrected":
			in := input[workflow.CorrectionInput](ev)
			for i := range d.Inspections {
				if d.Inspections[i].Seq == in.Inspection {
					d.Inspections[i].Corrections[in.Violation-1] = in
				}
			}
		case "pilot.adjusted", "pilot.suspended", "pilot.resumed", "pilot.stopped":
			d.Changes = append(d.Changes, ev)
		case "pilot.completion_reported":
			d.Crossed = append(d.Crossed, crossedLines(v, ev)...)
			c := completionLine{ev, input[workflow.CompletionInput](ev)}
			d.Completion = &c
			for k, x := range c.In.Indicators {
				latest[k] = x
			}
		}
	}
	if d.Scope != nil {
		for _, c := range d.Scope.Stops {
			d.StopChecks = append(d.StopChecks, stopCheckText(v, c))
		}
	}
	if d.Scope != nil {
		var bars []bar
		for _, ind := range d.Scope.Indicators {
			il := indicatorLine{Indicator: ind}
			il.Latest, il.Reported = latest[ind.Name]
			if ind.Target > 0 {
				il.Pct = int(il.Latest * 100 / ind.Target)
			}
			d.Indicators = append(d.Indicators, il)
			class := ""
			if il.Reported && il.Latest >= ind.Target {
				class = "met"
			}
			bars = append(bars, bar{Label: ind.Name, Value: il.Latest, Target: ind.Target, Class: class,
				Text: v.Num(il.Latest) + " / " + v.Num(ind.Target) + " " + ind.Unit})
		}
		if len(bars) > 0 {
			var err error
			if d.Chart, err = barChart("chart-indicators", v.T("web.pilot.chart_title"), v.T("web.pilot.chart_desc"), bars); err != nil {
				s.pageError(w, r, err)
				return
			}
		}
	}
	v.Data = d
	s.render(w, r, status, "pilot", v)
}

// stopCheckText says a checkable stop condition in the reader's words.
func stopCheckText(v *view, c proof.StopCheck) string {
	switch c.Kind {
	case proof.StopIndicatorBelow, proof.StopIndicatorAbove:
		return v.T("web.stops.check."+c.Kind, c.Indicator, v.Num(c.Value))
	case proof.StopDate:
		return v.T("web.stops.check.date", v.Day(c.Date))
	case proof.StopSpending:
		return v.T("web.stops.check.spending", v.VND(c.AmountVND))
	}
	return c.Kind
}

// crossedLines are the stop conditions a report's details say it crossed.
func crossedLines(v *view, ev sqlstore.EventView) []string {
	var d workflow.StopDetails
	if det := parsePayload(ev).Details; len(det) == 0 || json.Unmarshal(det, &d) != nil {
		return nil
	}
	var out []string
	for _, x := range d.StopsCrossed {
		switch x.Kind {
		case proof.StopIndicatorBelow, proof.StopIndicatorAbove:
			out = append(out, v.T("web.stops."+x.Kind, x.Indicator, v.Num(x.Observed), v.Num(x.Threshold), ev.Seq))
		case proof.StopDate:
			out = append(out, v.T("web.stops.date", v.Day(x.Date), ev.Seq))
		case proof.StopSpending:
			out = append(out, v.T("web.stops.spending", v.VND(x.SpentVND), v.VND(x.LimitVND), ev.Seq))
		}
	}
	return out
}

package workflow

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
)

// The objects a later step refers to — an obstacle to resolve, a violation
// to correct — are listed on the case with an id of their own. An
// obstacle's id is the number (seq) of the event that raised it. A
// violation's is its inspection's number and a digest of the case, the
// inspection, its place in it and its text ("13-1f0c2a9b"): it does not
// change while the case lives (events are never rewritten), and a client
// that keeps it need not count positions.

// ListedObstacle is an obstacle raised on a case.
type ListedObstacle struct {
	ID          int    `json:"id"` // the seq of the event that raised it: resolve_obstacle's "obstacle"
	Description string `json:"description"`
	Resolved    bool   `json:"resolved"`
}

// ListedViolation is a violation an inspection found.
type ListedViolation struct {
	ID               string `json:"id"` // correct_violation's "violation_id"
	Inspection       int    `json:"inspection"`
	Description      string `json:"description"`
	CorrectiveAction string `json:"corrective_action"`
	Deadline         string `json:"deadline"`
	Corrected        bool   `json:"corrected"`
}

// ViolationID is the id of the n-th (1-based) violation v of the
// inspection logged as event seq of case caseID.
func ViolationID(caseID string, seq, n int, v Violation) string {
	sum := sha256.Sum256([]byte("damlam violation\x00" + caseID + "\x00" + strconv.Itoa(seq) + "\x00" + strconv.Itoa(n) + "\x00" +
		v.Description + "\x00" + v.CorrectiveAction + "\x00" + v.Deadline))
	return strconv.Itoa(seq) + "-" + hex.EncodeToString(sum[:4])
}

// ViolationInspection is the inspection a violation id names, 0 if the id
// is malformed.
func ViolationInspection(id string) int {
	seq, _, ok := strings.Cut(id, "-")
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(seq)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

// ViolationNumber is the place (1-based) of the violation with id among
// the violations of its inspection, logged as event seq of caseID; 0 if
// none has it.
func ViolationNumber(caseID string, seq int, vs []Violation, id string) int {
	for i, v := range vs {
		if ViolationID(caseID, seq, i+1, v) == id {
			return i + 1
		}
	}
	return 0
}

// Listed lists case caseID's obstacles and violations from its history,
// oldest first, each with its id and whether a later step closed it.
func Listed(caseID string, history []Line) ([]ListedObstacle, []ListedViolation) {
	obstacles, violations := []ListedObstacle{}, []ListedViolation{}
	for _, ev := range history {
		var p struct {
			Input json.RawMessage `json:"input"`
		}
		if json.Unmarshal(ev.Payload, &p) != nil || len(p.Input) == 0 {
			continue
		}
		switch ev.Type {
		case "pilot.obstacle_raised":
			var in ObstacleInput
			if json.Unmarshal(p.Input, &in) == nil {
				obstacles = append(obstacles, ListedObstacle{ID: ev.Seq, Description: in.Description})
			}
		case "pilot.obstacle_resolved":
			var in ResolveObstacleInput
			if json.Unmarshal(p.Input, &in) == nil {
				for i := range obstacles {
					if obstacles[i].ID == in.Obstacle {
						obstacles[i].Resolved = true
					}
				}
			}
		case "pilot.inspected":
			var in InspectInput
			if json.Unmarshal(p.Input, &in) == nil {
				for i, v := range in.Violations {
					violations = append(violations, ListedViolation{ID: ViolationID(caseID, ev.Seq, i+1, v), Inspection: ev.Seq,
						Description: v.Description, CorrectiveAction: v.CorrectiveAction, Deadline: v.Deadline})
				}
			}
		case "pilot.violation_corrected":
			var in CorrectionInput
			if json.Unmarshal(p.Input, &in) == nil {
				k := 0
				for i := range violations {
					if violations[i].Inspection == in.Inspection {
						if k++; k == in.Violation {
							violations[i].Corrected = true
						}
					}
				}
			}
		}
	}
	return obstacles, violations
}

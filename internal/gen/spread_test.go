package gen

import (
	"testing"
	"time"
)

// Proposals are spread over the whole tree at every scale; the inbox ward
// gets its one boost (a boost applied once per province filed 93 % of a
// national run's proposals in that ward).
func TestProposalsSpreadOverTheTree(t *testing.T) {
	for _, c := range []struct {
		scale              string
		minUnits           int     // distinct units among the first 20,000 cases
		minInbox, maxInbox float64 // proposals expected in the inbox ward over the whole run
	}{
		{"province", 150, 500, 900},
		{"national", 2_500, 700, 1_300},
	} {
		sc, err := ScaleNamed(c.scale)
		if err != nil {
			t.Fatal(err)
		}
		tree := buildOrg(sc, 1)
		p := newPlanner(tree, sc, 1, time.Date(2026, 11, 28, 12, 0, 0, 0, ict))
		inbox := tree.byID[InboxWard]
		expected := inbox.Weight / p.cum[len(p.cum)-1] * float64(sc.Proposals)
		if expected < c.minInbox || expected > c.maxInbox {
			t.Errorf("%s: the inbox ward would get %.0f proposals, want %.0f–%.0f (its head about 500 items at national scale)",
				c.scale, expected, c.minInbox, c.maxInbox)
		}
		units := map[string]int{}
		for range 20_000 {
			units[p.plan().unit.ID]++
		}
		if len(units) < c.minUnits {
			t.Errorf("%s: the first 20,000 cases went to %d units, want at least %d", c.scale, len(units), c.minUnits)
		}
		if share := float64(units[InboxWard]) / 20_000; share > 0.05 {
			t.Errorf("%s: %.1f%% of the first cases went to the inbox ward", c.scale, 100*share)
		}
	}
}

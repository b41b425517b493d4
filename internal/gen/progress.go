package gen

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progress draws one line, rewritten in place: a bar, the count, the rate
// and the time left at that rate.
type progress struct {
	w     io.Writer
	label string
	began time.Time
	last  time.Time
	// rate is measured from the first step this run took, so that a
	// resumed run does not count the replay as speed.
	from      int64
	fromTime  time.Time
	started   bool
	lastWidth int
}

func newProgress(w io.Writer, label string, began time.Time) *progress {
	return &progress{w: w, label: label, began: began}
}

func (p *progress) show(done, total int64) {
	if p.w == nil {
		return
	}
	now := time.Now()
	if !p.started {
		p.started, p.from, p.fromTime = true, done, now
	}
	if now.Sub(p.last) < 250*time.Millisecond && done < total {
		return
	}
	p.last = now
	total = max(total, done)
	frac := 0.0
	if total > 0 {
		frac = float64(done) / float64(total)
	}
	const width = 24
	filled := int(frac * width)
	rate := 0.0
	if el := now.Sub(p.fromTime).Seconds(); el > 0.5 {
		rate = float64(done-p.from) / el
	}
	left := "?"
	if rate > 0 {
		left = shortDuration(time.Duration(float64(total-done) / rate * float64(time.Second)))
	}
	line := fmt.Sprintf("%s [%s%s] %5.1f%%  %s/%s steps  %s/s  elapsed %s  left %s", p.label,
		strings.Repeat("=", filled), strings.Repeat(" ", width-filled), 100*frac,
		groupDigits(done), groupDigits(total), groupDigits(int64(rate)), shortDuration(now.Sub(p.began)), left)
	pad := max(0, p.lastWidth-len(line))
	p.lastWidth = len(line)
	fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", pad))
}

func (p *progress) finish() {
	if p.w != nil && p.started {
		fmt.Fprintln(p.w)
	}
}

func shortDuration(d time.Duration) string {
	d = d.Round(time.Second)
	if d >= time.Hour {
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}

// groupDigits writes 1234567 as 1,234,567.
func groupDigits(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + groupDigits(-n)
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

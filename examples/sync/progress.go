package main

import (
	"fmt"
	"io"
	"time"

	"github.com/leadfox-go/leadfox/facade"
)

// The progress intervals: on a terminal the line is redrawn often; in a
// log, a line per second is enough.
const (
	terminalEvery = 100 * time.Millisecond
	plainEvery    = time.Second
	// maxErrorLines bounds the failed rows printed one by one.
	maxErrorLines = 10
)

// progress reports a job's rows as they complete.
type progress struct {
	out      io.Writer
	terminal bool
	total    int // 0 if unknown
	now      func() time.Time

	start, last time.Time
	ndone, errs int
	drawn       bool // a terminal line is on screen, without its newline
}

func newProgress(out io.Writer, terminal bool, total int, now func() time.Time) *progress {
	t := now()
	return &progress{out: out, terminal: terminal, total: total, now: now, start: t, last: t}
}

// row counts a row's result, prints the first failed rows, and redraws
// the progress line when it is due.
func (p *progress) row(index int, in *facade.ContactCreate, err error) {
	p.ndone++
	if err != nil {
		p.errs++
		if p.errs <= maxErrorLines {
			p.clear()
			email := ""
			if in != nil {
				email = in.Email
			}
			_, _ = fmt.Fprintf(p.out, "row %d (%s): %v\n", index, email, err)
		}
	}
	every := plainEvery
	if p.terminal {
		every = terminalEvery
	}
	if now := p.now(); now.Sub(p.last) >= every {
		p.last = now
		p.draw()
	}
}

// draw prints the progress line: in place on a terminal, as a new line
// otherwise.
func (p *progress) draw() {
	line := p.line()
	if p.terminal {
		_, _ = fmt.Fprintf(p.out, "\r%s\x1b[K", line)
		p.drawn = true
		return
	}
	_, _ = fmt.Fprintln(p.out, line)
}

// clear ends the terminal line, so that another line can be printed.
func (p *progress) clear() {
	if p.drawn {
		_, _ = fmt.Fprint(p.out, "\r\x1b[K")
		p.drawn = false
	}
}

// line is the progress: rows done (of the total, if known), the rate
// since the start, and the errors.
func (p *progress) line() string {
	elapsed := p.now().Sub(p.start).Seconds()
	rate := 0.0
	if elapsed > 0 {
		rate = float64(p.ndone) / elapsed
	}
	done := itoa(p.ndone)
	if p.total > 0 {
		done += "/" + itoa(p.total)
	}
	return fmt.Sprintf("rows %s  %.0f rows/s  errors %s", done, rate, itoa(p.errs))
}

// done prints the final progress line and the totals.
func (p *progress) done(t facade.BulkTotals) {
	p.clear()
	_, _ = fmt.Fprintln(p.out, p.line())
	_, _ = fmt.Fprintf(p.out, "done: %s rows read, %s upserted, %s failed (%s not attempted)\n",
		itoa(t.Read), itoa(t.Succeeded), itoa(t.Failed), itoa(t.NotAttempted))
}

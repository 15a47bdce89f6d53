package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/newslint/newslint/report"
)

// Progress timing: nothing is drawn for runs shorter than progressDelay,
// and the line is redrawn at most once per progressEvery.
const (
	progressDelay = time.Second
	progressEvery = 100 * time.Millisecond
)

// progress draws one status line on standard error, rewritten in place with
// \r, while a long run goes on. It is only made for a terminal, never for a
// pipe, a file or a CI log. A nil *progress does nothing. Its methods run on
// the goroutine that receives the runner's items.
type progress struct {
	w           io.Writer
	width       int
	start, last time.Time
	shown       bool // a status line is on screen
}

// newProgress returns a progress line on stderr, or nil when stderr is not
// an interactive terminal.
func newProgress(stderr io.Writer) *progress {
	if !isTerminal(stderr) || os.Getenv("TERM") == "dumb" || os.Getenv("CI") != "" {
		return nil
	}
	width := 80
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 20 {
		width = n
	}
	return &progress{w: stderr, width: width, start: time.Now()}
}

// update redraws the line with the counts so far and the file at hand.
func (p *progress) update(t *report.Totals, path string) {
	if p == nil {
		return
	}
	now := time.Now()
	if now.Sub(p.start) < progressDelay || now.Sub(p.last) < progressEvery {
		return
	}
	p.last = now
	line := fmt.Sprintf("newslint: %d files, %d pages, %d failed, %d errors  ", t.Files, t.Pages, t.Failed, t.Errors)
	if room := p.width - 1 - len([]rune(line)); room > 1 {
		r := []rune(path)
		if len(r) > room {
			r = append([]rune("…"), r[len(r)-room+1:]...)
		}
		line += string(r)
	}
	fmt.Fprint(p.w, "\r\x1b[K"+line)
	p.shown = true
}

// clear removes the line, if one is shown.
func (p *progress) clear() {
	if p == nil || !p.shown {
		return
	}
	fmt.Fprint(p.w, "\r\x1b[K")
	p.shown = false
}

// clearing returns w wrapped so that writes to it clear the progress line
// first (standard output and standard error may be the same terminal).
func (p *progress) clearing(w io.Writer) io.Writer {
	if p == nil {
		return w
	}
	return clearingWriter{w, p}
}

type clearingWriter struct {
	w io.Writer
	p *progress
}

func (c clearingWriter) Write(b []byte) (int, error) {
	c.p.clear()
	return c.w.Write(b)
}

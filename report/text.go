package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/newslint/newslint/rules"
)

// Writer receives pages in input order and writes one report format.
type Writer interface {
	// Page reports one scored page.
	Page(p *Page) error
	// FileError reports a file or record that could not be read.
	FileError(path string, record int, err error) error
	// Close writes what comes after the pages (totals, closing brackets).
	Close(t *Totals) error
}

// Totals sum up a run.
type Totals struct {
	Files   int
	Pages   int
	Failed  int // pages that failed the gate
	Errors  int // files or records that could not be read
	Summary Summary
}

// Add counts page p.
func (t *Totals) Add(p *Page) {
	t.Pages++
	if p.Failed {
		t.Failed++
	}
	t.Summary.Add(&p.Summary)
}

// Style colours terminal output; the zero Style prints plain text.
type Style struct{ Color bool }

func (s Style) wrap(code, text string) string {
	if !s.Color {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

// Label colours a label name the way explain and the text report show it.
func (s Style) Label(l rules.Label, text string) string {
	switch l {
	case rules.Content:
		return s.wrap("32", text)
	case rules.Title:
		return s.wrap("1;32", text)
	case rules.Meta:
		return s.wrap("36", text)
	}
	return s.wrap("31", text)
}

func (s Style) dim(text string) string  { return s.wrap("2", text) }
func (s Style) bold(text string) string { return s.wrap("1", text) }

// Location is how a finding's place is written: path:line, with the record
// for JSON input (path:record:line becomes path#record:line).
func Location(path string, record, line int) string {
	if record > 0 {
		return fmt.Sprintf("%s#%d:%d", path, record, line)
	}
	return fmt.Sprintf("%s:%d", path, line)
}

// Text writes findings as `path:line: category [rule-id] "text"` and a
// summary per page, for people and for editors that jump to path:line.
type Text struct {
	W     io.Writer
	Style Style
	// MinSeverity hides findings below it (info lines are many on noisy pages).
	MinSeverity rules.Severity
	// Quiet prints only failing pages and the totals.
	Quiet bool
}

// Page implements Writer.
func (t *Text) Page(p *Page) error {
	if t.Quiet && !p.Failed {
		return nil
	}
	var b strings.Builder
	for i := range p.Finds {
		f := &p.Finds[i]
		if f.Severity < t.MinSeverity {
			continue
		}
		fmt.Fprintf(&b, "%s: %s %s %s\n", Location(f.Path, f.Record, f.Line),
			t.Style.Label(rules.Noise, f.Category), t.Style.dim("["+f.RuleID()+"]"), Quote(f.Text, 72))
	}
	s := &p.Summary
	status := t.Style.wrap("32", "ok")
	if p.Failed {
		status = t.Style.wrap("1;31", "FAIL") + " (" + strings.Join(p.Reasons, "; ") + ")"
	}
	name := p.Path
	if p.Record > 0 {
		name = fmt.Sprintf("%s#%d", p.Path, p.Record)
	}
	fmt.Fprintf(&b, "%s: %d lines, %d noise (%.1f%%), %d content, quality %.2f: %s\n",
		t.Style.bold(name), s.Lines, s.Noise, 100*s.NoiseRatio, s.Content, s.Quality, status)
	_, err := io.WriteString(t.W, b.String())
	return err
}

// FileError implements Writer.
func (t *Text) FileError(path string, record int, err error) error {
	_, werr := fmt.Fprintf(t.W, "%s %v\n", t.Style.wrap("1;31", "error:"), err)
	return werr
}

// Close implements Writer.
func (t *Text) Close(tot *Totals) error {
	s := &tot.Summary
	_, err := fmt.Fprintf(t.W, "%d pages, %d lines, %d noise (%.1f%%), %d failed, %d errors\n",
		tot.Pages, s.Lines, s.Noise, 100*s.NoiseRatio, tot.Failed, tot.Errors)
	return err
}

// Quote returns s quoted and cut to about max characters.
func Quote(s string, max int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max-1]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

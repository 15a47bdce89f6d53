package report

import (
	"fmt"
	"io"
	"strconv"
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

// Multi is a Writer that hands everything to each of its writers in turn.
type Multi []Writer

// Page implements Writer.
func (m Multi) Page(p *Page) error {
	for _, w := range m {
		if err := w.Page(p); err != nil {
			return err
		}
	}
	return nil
}

// FileError implements Writer.
func (m Multi) FileError(path string, record int, err error) error {
	for _, w := range m {
		if werr := w.FileError(path, record, err); werr != nil {
			return werr
		}
	}
	return nil
}

// Close implements Writer; it closes every writer and returns the first error.
func (m Multi) Close(t *Totals) error {
	var first error
	for _, w := range m {
		if err := w.Close(t); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Totals sum up a run.
type Totals struct {
	Files   int
	Pages   int
	Failed  int // pages that failed the gate
	Errors  int // files or records that could not be read
	Summary Summary
	// Baseline is the baseline file in use, "" for none.
	Baseline string
	// Known counts findings left out because the baseline holds them.
	Known int
	// Stale are the baseline's entries that matched nothing in the run.
	Stale []BaselineEntry

	failing failOnce
}

// failOnce tells whether a failing page is the first failure of its page:
// a page scored in parts fails once, whichever of its parts fail.
type failOnce struct {
	path   string
	record int
}

// first reports whether p fails for the first time in its page.
func (f *failOnce) first(p *Page) bool {
	if !p.Failed {
		return false
	}
	if p.Part > 1 && f.path == p.Path && f.record == p.Record {
		return false
	}
	f.path, f.record = p.Path, p.Record
	return true
}

// Add counts page p (a part of a page scored in parts counts towards
// its page).
func (t *Totals) Add(p *Page) {
	if p.counts() {
		t.Pages++
	}
	if t.failing.first(p) {
		t.Failed++
	}
	t.Known += p.Known
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

// appendWrap appends s.wrap(code, text) to b.
func (s Style) appendWrap(b []byte, code, text string) []byte {
	if !s.Color {
		return append(b, text...)
	}
	return append(append(append(append(append(b, "\x1b["...), code...), 'm'), text...), "\x1b[0m"...)
}

// appendWrapped appends s.wrap(code, open+text+close) to b.
func (s Style) appendWrapped(b []byte, code, open, text, close string) []byte {
	if s.Color {
		b = append(append(append(b, "\x1b["...), code...), 'm')
	}
	b = append(append(append(b, open...), text...), close...)
	if s.Color {
		b = append(b, "\x1b[0m"...)
	}
	return b
}

// Label colours a label name the way explain and the text report show it.
func (s Style) Label(l rules.Label, text string) string { return s.wrap(labelColor(l), text) }

// labelColor is the terminal colour of a label.
func labelColor(l rules.Label) string {
	switch l {
	case rules.Content:
		return "32"
	case rules.Title:
		return "1;32"
	case rules.Meta:
		return "36"
	}
	return "31"
}

func (s Style) dim(text string) string  { return s.wrap("2", text) }
func (s Style) bold(text string) string { return s.wrap("1", text) }

// Text writes findings as `path:line: category [rule-id] "text"` and a
// summary per page, for people and for editors that jump to path:line.
type Text struct {
	W     io.Writer
	Style Style
	// MinSeverity hides findings below it (info lines are many on noisy pages).
	MinSeverity rules.Severity
	// Quiet prints only failing pages and the totals.
	Quiet bool

	buf []byte // the lines not yet written
}

// flushAt is how many bytes of lines Text and Explain gather before they
// write them: a page of a million findings is not held as one string.
const flushAt = 64 << 10

// Page implements Writer.
func (t *Text) Page(p *Page) error {
	if t.Quiet && !p.Failed {
		return nil
	}
	b := t.buf[:0]
	defer func() { t.buf = b[:0] }()
	for i := range p.Finds {
		f := &p.Finds[i]
		if f.Severity < t.MinSeverity {
			continue
		}
		b = f.appendLocation(b)
		b = append(b, ": "...)
		b = t.Style.appendWrap(b, labelColor(rules.Noise), f.Category)
		b = append(b, ' ')
		b = t.Style.appendWrapped(b, "2", "[", f.RuleID(), "]")
		b = append(b, ' ')
		b = AppendQuote(b, f.Text, 72)
		b = append(b, '\n')
		if len(b) >= flushAt {
			if _, err := t.W.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	s := &p.Summary
	status := t.Style.wrap("32", "ok")
	if p.Failed {
		status = t.Style.wrap("1;31", "FAIL") + " (" + ReasonText(p.Reasons) + ")"
	}
	known := ""
	if p.Known > 0 {
		known = fmt.Sprintf(", %d known", p.Known)
	}
	name := pageName(p)
	b = fmt.Appendf(b, "%s: %d lines, %d noise (%.1f%%), %d content, quality %.2f%s: %s\n",
		t.Style.bold(name), s.Lines, s.Noise, 100*s.NoiseRatio, s.Content, s.Quality, known, status)
	_, err := t.W.Write(b)
	return err
}

// FileError implements Writer.
func (t *Text) FileError(path string, record int, err error) error {
	_, werr := fmt.Fprintf(t.W, "%s %v\n", t.Style.wrap("1;31", "error:"), err)
	return werr
}

// Close implements Writer.
func (t *Text) Close(tot *Totals) error {
	var b strings.Builder
	b.WriteString(TotalsLine(tot))
	b.WriteByte('\n')
	if len(tot.Stale) > 0 {
		fmt.Fprintf(&b, "baseline: %d stale entries (fixed, or their files are gone; `newslint baseline` rewrites the file):\n", len(tot.Stale))
		for _, e := range tot.Stale {
			b.WriteString("  " + StaleLine(e) + "\n")
		}
	}
	_, err := io.WriteString(t.W, b.String())
	return err
}

// TotalsLine sums up a run in one line.
func TotalsLine(tot *Totals) string {
	s := &tot.Summary
	line := fmt.Sprintf("%d pages, %d lines, %d noise (%.1f%%), %d failed, %d errors",
		tot.Pages, s.Lines, s.Noise, 100*s.NoiseRatio, tot.Failed, tot.Errors)
	if tot.Known > 0 {
		line += fmt.Sprintf(", %d known findings in the baseline", tot.Known)
	}
	return line
}

// StaleLine describes a stale baseline entry.
func StaleLine(e BaselineEntry) string {
	what := "[" + e.Rule + "] " + Quote(e.Text, 72)
	if e.Gate != "" {
		what = "gate " + e.Gate
	}
	if e.Count > 1 {
		what += fmt.Sprintf(" (%d lines)", e.Count)
	}
	return e.File + ": " + what
}

// message describes a finding for the machine formats: its category and
// its text, white space collapsed, in double quotes.
func message(f *Finding) string {
	return f.Category + ": \"" + cut(NormText(f.Text), 200) + "\""
}

// cut shortens s to max characters, marking the cut with "…".
func cut(s string, max int) string {
	if utf8.RuneCountInString(s) > max {
		// Cut at the byte offset of rune max-1: a []rune copy of a 100 MB
		// line would take 400 MB.
		n := 0
		for i := range s {
			if n == max-1 {
				return s[:i] + "…"
			}
			n++
		}
	}
	return s
}

// Quote returns s quoted and cut to about max characters.
func Quote(s string, max int) string { return string(AppendQuote(nil, s, max)) }

// AppendQuote appends Quote(s, max) to b.
func AppendQuote(b []byte, s string, max int) []byte {
	return strconv.AppendQuote(b, cut(strings.TrimSpace(s), max))
}

package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/rules"
)

// JUnit writes a JUnit XML report for CI test tabs: one test case per input
// file, failing when a page of the file fails the gate, with the findings
// in the failure's text; a file that could not be read is an error. The
// report is written when the run ends.
type JUnit struct {
	W io.Writer
	// MinSeverity leaves out findings below it.
	MinSeverity rules.Severity

	cases []*junitCase
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Cases    []*junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	SystemOut *junitText    `xml:"system-out,omitempty"`

	reasons []string // of the failing pages
	text    strings.Builder
	errs    []string
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

type junitText struct {
	Text string `xml:",cdata"`
}

func (j *JUnit) caseFor(path string) *junitCase {
	if n := len(j.cases); n > 0 && j.cases[n-1].Name == path {
		return j.cases[n-1]
	}
	c := &junitCase{Name: path, Classname: "newslint"}
	j.cases = append(j.cases, c)
	return c
}

// Page implements Writer.
func (j *JUnit) Page(p *Page) error {
	c := j.caseFor(p.Path)
	for i := range p.Finds {
		f := &p.Finds[i]
		if f.Severity >= j.MinSeverity {
			fmt.Fprintf(&c.text, "%s: %s [%s] %s\n", f.Location(), f.Severity, f.RuleID(), message(f))
		}
	}
	s := &p.Summary
	status := "ok"
	if p.Failed {
		status = "FAIL (" + ReasonText(p.Reasons) + ")"
		var where []string
		switch {
		case p.RecordName != "":
			where = append(where, p.RecordName)
		case p.Record > 0:
			where = append(where, fmt.Sprintf("record %d", p.Record))
		}
		if p.Part > 0 {
			where = append(where, fmt.Sprintf("part %d of %d", p.Part, p.Parts))
		}
		why := ReasonText(p.Reasons)
		if len(where) > 0 {
			why = strings.Join(where, ", ") + ": " + why
		}
		c.reasons = append(c.reasons, why)
	}
	fmt.Fprintf(&c.text, "%s: %d lines, %d noise (%.1f%%), %d content, quality %.2f: %s\n",
		pageName(p), s.Lines, s.Noise, 100*s.NoiseRatio, s.Content, s.Quality, status)
	return nil
}

// FileError implements Writer.
func (j *JUnit) FileError(path string, record int, err error) error {
	c := j.caseFor(path)
	c.errs = append(c.errs, err.Error())
	return nil
}

// Close implements Writer.
func (j *JUnit) Close(t *Totals) error {
	suite := junitSuite{Name: "newslint", Tests: len(j.cases), Cases: j.cases}
	for _, c := range j.cases {
		switch {
		case len(c.errs) > 0:
			suite.Errors++
			c.Error = &junitProblem{Message: xmlText(strings.Join(c.errs, "; ")), Type: "read", Text: xmlText(c.text.String())}
		case len(c.reasons) > 0:
			suite.Failures++
			msg := c.reasons[0]
			if len(c.reasons) > 1 {
				msg = fmt.Sprintf("%d pages fail the gate; %s; …", len(c.reasons), msg)
			}
			c.Failure = &junitProblem{Message: msg, Type: "gate", Text: xmlText(c.text.String())}
		default:
			c.SystemOut = &junitText{xmlText(c.text.String())}
		}
	}
	doc := junitSuites{Name: "newslint", Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors, Suites: []junitSuite{suite}}
	return writeXML(j.W, doc)
}

// xmlText replaces the characters XML cannot carry, even escaped (control
// characters other than tab and line ends), with U+FFFD, for CDATA sections.
func xmlText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case r < 0x20, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return '\uFFFD'
		}
		return r
	}, s)
}

// writeXML writes v as an indented XML document.
func writeXML(w io.Writer, v any) error {
	b, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, xml.Header+string(b)+"\n")
	return err
}

// Checkstyle writes the Checkstyle XML format that many CI and review tools
// read: a <file> per input with an <error> per finding, and one per
// page-level gate failure or read error (at line 1, or the record's line).
// The report is written when the run ends.
type Checkstyle struct {
	W io.Writer
	// MinSeverity leaves out findings below it.
	MinSeverity rules.Severity

	files []*checkstyleFile
}

type checkstyleDoc struct {
	XMLName xml.Name          `xml:"checkstyle"`
	Version string            `xml:"version,attr"`
	Files   []*checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

func (c *Checkstyle) fileFor(path string) *checkstyleFile {
	if n := len(c.files); n > 0 && c.files[n-1].Name == path {
		return c.files[n-1]
	}
	f := &checkstyleFile{Name: path}
	c.files = append(c.files, f)
	return f
}

// Page implements Writer.
func (c *Checkstyle) Page(p *Page) error {
	file := c.fileFor(p.Path)
	for i := range p.Finds {
		f := &p.Finds[i]
		if f.Severity < c.MinSeverity {
			continue
		}
		msg := message(f)
		if f.RecordName != "" { // a WARC response: its line is the page's
			msg += fmt.Sprintf(" (%s, line %d)", f.RecordName, f.Line)
		}
		file.Errors = append(file.Errors, checkstyleError{Line: f.FileLine(), Severity: f.Severity.String(),
			Message: msg, Source: "newslint." + f.RuleID()})
	}
	for _, why := range p.Reasons {
		if why.Check == CheckFailLevel {
			continue
		}
		file.Errors = append(file.Errors, checkstyleError{Line: pageLine(p), Severity: "error",
			Message: pageName(p) + " fails the gate: " + why.Message, Source: "newslint.gate." + why.Check})
	}
	return nil
}

// pageLine is the line of the input file a page starts at.
func pageLine(p *Page) int {
	if p.Result != nil {
		for _, l := range p.Result.Page.Lines {
			if l.SourceLine > 0 {
				return l.SourceLine
			}
		}
	}
	return 1
}

// errorLine is the line of the file a record that could not be read
// starts on: the record's number, but 1 for a WARC record, whose number is
// no line.
func errorLine(path string, record int) int {
	if input.FormatOf(path) == input.WARC {
		return 1
	}
	return max(record, 1)
}

// FileError implements Writer.
func (c *Checkstyle) FileError(path string, record int, err error) error {
	file := c.fileFor(path)
	file.Errors = append(file.Errors, checkstyleError{Line: errorLine(path, record), Severity: "error", Message: err.Error(), Source: "newslint.read"})
	return nil
}

// Close implements Writer.
func (c *Checkstyle) Close(*Totals) error {
	return writeXML(c.W, checkstyleDoc{Version: "4.3", Files: c.files})
}

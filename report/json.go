package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/jsonrec"
	"github.com/newslint/newslint/page"
)

// JSONVersion is the version of the JSON report schema
// (report/schema/newslint-report.schema.json). It changes only when a field
// is removed or changes meaning; new fields may appear within a version.
const JSONVersion = 1

// JSON writes the machine-readable report: every file with its pages, every
// page with its gate verdict, summary and findings (the lines the text
// report lists, and the findings of flag and document rules) and all its
// non-blank lines (label, category, score, the rules that fired), then the
// totals. It streams: one page at a time is held in memory.
type JSON struct {
	W       io.Writer
	Version string // newslint's version, for the "tool" object

	out     jsonStream
	buf     []byte // rows not yet written
	started bool
	file    *jsonFile // the file being written
	t       tally
}

type jsonFile struct {
	path    string
	pages   int
	errors  []jsonError
	failed  bool
	summary Summary
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonPage struct {
	Record    int          `json:"record,omitempty"`
	URI       string       `json:"uri,omitempty"`
	Part      int          `json:"part,omitempty"`
	Parts     int          `json:"parts,omitempty"`
	Meta      *jsonMeta    `json:"meta,omitempty"`
	Lang      string       `json:"lang,omitempty"`
	MainBlock []int        `json:"main_block,omitempty"`
	Failed    bool         `json:"failed"`
	Reasons   []jsonReason `json:"reasons,omitempty"`
	Known     int          `json:"known,omitempty"`
	Summary   Summary      `json:"summary"`
	// The findings and the lines follow, one to a line (see Page,
	// appendFinding and appendLine).
}

type jsonMeta struct {
	Title     string `json:"title,omitempty"`
	URL       string `json:"url,omitempty"`
	Site      string `json:"site,omitempty"`
	Lang      string `json:"lang,omitempty"`
	Byline    string `json:"byline,omitempty"`
	Published string `json:"published,omitempty"`
	SiteName  string `json:"site_name,omitempty"`
}

type jsonReason struct {
	Check   string `json:"check"`
	Message string `json:"message"`
}

type jsonError struct {
	Record  int    `json:"record,omitempty"`
	Message string `json:"message"`
}

type jsonTotals struct {
	Files   int            `json:"files"`
	Pages   int            `json:"pages"`
	Failed  int            `json:"failed"`
	Errors  int            `json:"errors"`
	Known   int            `json:"known,omitempty"`
	Summary Summary        `json:"summary"`
	Sites   []*SiteSummary `json:"sites"`
}

type jsonBaseline struct {
	File  string          `json:"file"`
	Known int             `json:"known"`
	Stale []BaselineEntry `json:"stale"`
}

// jsonStream writes a JSON document piece by piece, so that reports of any
// size stream; values are indented to sit at their depth.
type jsonStream struct {
	w   io.Writer
	err error
}

// write formats args into the output; a jsonValue argument is encoded as
// JSON indented for depth (two spaces a level).
func (s *jsonStream) write(depth int, format string, args ...any) {
	if s.err != nil {
		return
	}
	for i, a := range args {
		if raw, ok := a.(jsonValue); ok {
			args[i] = indentJSON(raw.v, depth)
		}
	}
	_, s.err = fmt.Fprintf(s.w, format, args...)
}

// jsonValue marks an argument of write to be encoded as indented JSON.
type jsonValue struct{ v any }

func indentJSON(v any, depth int) string {
	b := bytes.TrimSuffix(marshalIndent(v), []byte("\n"))
	return string(bytes.ReplaceAll(b, []byte("\n"), append([]byte("\n"), bytes.Repeat([]byte("  "), depth)...)))
}

func (j *JSON) write(depth int, format string, args ...any) { j.out.write(depth, format, args...) }

func (j *JSON) start() {
	if j.started {
		return
	}
	j.started = true
	j.out.w = j.W
	j.write(1, "{\n  \"version\": %d,\n  \"tool\": %s,\n  \"files\": [", JSONVersion, jsonValue{jsonTool{"newslint", j.Version}})
}

// fileFor starts the entry of path, ending the previous file's entry.
func (j *JSON) fileFor(path string) *jsonFile {
	j.start()
	if j.file != nil && j.file.path == path {
		return j.file
	}
	sep := ""
	if j.file != nil {
		j.endFile()
		sep = ","
	}
	j.file = &jsonFile{path: path}
	j.write(3, "%s\n    {\n      \"path\": %s,\n      \"pages\": [", sep, jsonValue{path})
	return j.file
}

func (j *JSON) endFile() {
	f := j.file
	if f.pages > 0 {
		j.write(0, "\n      ]")
	} else {
		j.write(0, "]")
	}
	if len(f.errors) > 0 {
		j.write(3, ",\n      \"errors\": %s", jsonValue{f.errors})
	}
	j.write(3, ",\n      \"failed\": %t,\n      \"summary\": %s\n    }", f.failed, jsonValue{f.summary})
}

// Page implements Writer. The page's findings and lines are written as
// they are encoded, a few at a time: a page of a million lines is not held
// as a million records.
func (j *JSON) Page(p *Page) error {
	f := j.fileFor(p.Path)
	j.t.add(p)
	f.summary.Add(&p.Summary)
	f.failed = f.failed || p.Failed
	sep := ""
	if f.pages > 0 {
		sep = ","
	}
	f.pages++
	jp := newJSONPage(p)
	head := strings.TrimSuffix(indentJSON(jp, 4), "\n        }")
	j.write(0, "%s\n        %s,\n          \"findings\": ", sep, head)
	j.rows(len(p.Finds), func(b []byte, i int) []byte { return appendFinding(b, &p.Finds[i]) })
	j.write(0, ",\n          \"lines\": ")
	if res := p.Result; res != nil {
		j.rows(len(res.Verdicts), func(b []byte, i int) []byte {
			v := &res.Verdicts[i]
			return appendLine(b, v, res.Page.SourceLine(v.Num))
		})
	} else {
		j.rows(0, nil)
	}
	j.write(0, "\n        }")
	return j.out.err
}

// rows writes an array of n elements of a page, one to a line, each
// appended by row.
func (j *JSON) rows(n int, row func(b []byte, i int) []byte) {
	if n == 0 {
		j.write(0, "[]")
		return
	}
	b := append(j.buf[:0], '[')
	for i := range n {
		b = append(b, "\n            "...)
		b = row(b, i)
		if i < n-1 {
			b = append(b, ',')
		}
		if len(b) >= flushAt {
			j.raw(b)
			b = b[:0]
		}
	}
	b = append(b, "\n          ]"...)
	j.raw(b)
	j.buf = b[:0]
}

// raw writes b as it is.
func (j *JSON) raw(b []byte) {
	if j.out.err == nil {
		_, j.out.err = j.out.w.Write(b)
	}
}

func newJSONPage(p *Page) jsonPage {
	jp := jsonPage{Record: p.Record, URI: p.RecordName, Part: p.Part, Parts: p.Parts, Failed: p.Failed, Known: p.Known, Summary: p.Summary}
	for _, r := range p.Reasons {
		jp.Reasons = append(jp.Reasons, jsonReason(r))
	}
	res := p.Result
	if res == nil {
		return jp
	}
	m := res.Page.Meta
	if m != (page.Meta{}) {
		jp.Meta = &jsonMeta{m.Title, m.URL, m.Site, m.Lang, m.Byline, m.Published, m.SiteName}
	}
	jp.Lang = res.Lang
	if res.BlockStart > 0 {
		jp.MainBlock = []int{res.BlockStart, res.BlockEnd}
	}
	return jp
}

// appendFinding appends a finding as the report's findings hold it, in
// encoding/json's compact form (HTML characters not escaped):
// {"line","source_line" (not 0),"rule","category","severity","fails"
// (when true),"text"}.
func appendFinding(b []byte, f *Finding) []byte {
	b = append(b, `{"line":`...)
	b = strconv.AppendInt(b, int64(f.Line), 10)
	if f.SourceLine != 0 {
		b = append(b, `,"source_line":`...)
		b = strconv.AppendInt(b, int64(f.SourceLine), 10)
	}
	b = append(b, `,"rule":`...)
	b = jsonrec.AppendString(b, f.RuleID())
	b = append(b, `,"category":`...)
	b = jsonrec.AppendString(b, f.Category)
	b = append(b, `,"severity":`...)
	b = jsonrec.AppendString(b, f.Severity.String())
	if f.Fails {
		b = append(b, `,"fails":true`...)
	}
	b = append(b, `,"text":`...)
	b = jsonrec.AppendString(b, f.Text)
	return append(b, '}')
}

// appendLine appends a line of a page as the report's lines hold it, in
// encoding/json's compact form: {"line","source_line" (not 0),"text",
// "label","category" (not ""),"score","rule" (not ""),"rules":[{"id",
// "delta"}]}.
func appendLine(b []byte, v *detect.Verdict, sourceLine int) []byte {
	b = append(b, `{"line":`...)
	b = strconv.AppendInt(b, int64(v.Num), 10)
	if sourceLine != 0 {
		b = append(b, `,"source_line":`...)
		b = strconv.AppendInt(b, int64(sourceLine), 10)
	}
	b = append(b, `,"text":`...)
	b = jsonrec.AppendString(b, v.Text)
	b = append(b, `,"label":`...)
	b = jsonrec.AppendString(b, v.Label.String())
	if v.Category != "" {
		b = append(b, `,"category":`...)
		b = jsonrec.AppendString(b, v.Category)
	}
	b = append(b, `,"score":`...)
	b = appendFloat(b, v.Score)
	if r := v.Rule(); r != nil {
		b = append(b, `,"rule":`...)
		b = jsonrec.AppendString(b, r.ID)
	}
	b = append(b, `,"rules":[`...)
	for k, h := range v.Hits {
		if k > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = jsonrec.AppendString(b, h.Rule.ID)
		b = append(b, `,"delta":`...)
		b = appendFloat(b, h.Delta)
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

// appendFloat appends f as encoding/json writes a float64: like %g, but
// in exponent form only below 1e-6 and from 1e21, and with exponents not
// padded to two digits.
func appendFloat(b []byte, f float64) []byte {
	// Scores and weights are whole hundredths: the shortest form of such
	// a number is its hundredths, trailing zeros dropped, which is faster
	// to write than to find.
	if k := math.Round(f * 100); k == f*100 && math.Abs(k) < 1e15 && k/100 == f && f != 0 {
		n := int64(k)
		if n < 0 {
			b = append(b, '-')
			n = -n
		}
		b = strconv.AppendInt(b, n/100, 10)
		if frac := n % 100; frac != 0 {
			b = append(b, '.', byte('0'+frac/10))
			if frac%10 != 0 {
				b = append(b, byte('0'+frac%10))
			}
		}
		return b
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 becomes e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// FileError implements Writer.
func (j *JSON) FileError(path string, record int, err error) error {
	f := j.fileFor(path)
	f.errors = append(f.errors, jsonError{record, err.Error()})
	f.failed = true
	return j.out.err
}

// Close implements Writer.
func (j *JSON) Close(t *Totals) error {
	j.start()
	if j.file != nil {
		j.endFile()
		j.write(0, "\n  ]")
	} else {
		j.write(0, "]")
	}
	tot := jsonTotals{Files: t.Files, Pages: t.Pages, Failed: t.Failed, Errors: t.Errors, Known: t.Known,
		Summary: t.Summary, Sites: j.t.bySite()}
	j.write(1, ",\n  \"totals\": %s", jsonValue{tot})
	if t.Baseline != "" {
		stale := t.Stale
		if stale == nil {
			stale = []BaselineEntry{}
		}
		j.write(1, ",\n  \"baseline\": %s", jsonValue{jsonBaseline{t.Baseline, t.Known, stale}})
	}
	j.write(0, "\n}\n")
	return j.out.err
}

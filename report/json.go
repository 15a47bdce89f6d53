package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

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
	Meta      *jsonMeta    `json:"meta,omitempty"`
	Lang      string       `json:"lang,omitempty"`
	MainBlock []int        `json:"main_block,omitempty"`
	Failed    bool         `json:"failed"`
	Reasons   []jsonReason `json:"reasons,omitempty"`
	Known     int          `json:"known,omitempty"`
	Summary   Summary      `json:"summary"`
	// Findings and Lines are written one to a line (see Page).
	Findings []jsonFinding `json:"-"`
	Lines    []jsonLine    `json:"-"`
}

type jsonFinding struct {
	Line       int    `json:"line"`
	SourceLine int    `json:"source_line,omitempty"`
	Rule       string `json:"rule"`
	Category   string `json:"category"`
	Severity   string `json:"severity"`
	Fails      bool   `json:"fails,omitempty"`
	Text       string `json:"text"`
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

type jsonLine struct {
	Line       int       `json:"line"`
	SourceLine int       `json:"source_line,omitempty"`
	Text       string    `json:"text"`
	Label      string    `json:"label"`
	Category   string    `json:"category,omitempty"`
	Score      float64   `json:"score"`
	Rule       string    `json:"rule,omitempty"`
	Rules      []jsonHit `json:"rules"`
}

type jsonHit struct {
	ID    string  `json:"id"`
	Delta float64 `json:"delta"`
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

// Page implements Writer.
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
	writeRows(j, jp.Findings)
	j.write(0, ",\n          \"lines\": ")
	writeRows(j, jp.Lines)
	j.write(0, "\n        }")
	return j.out.err
}

// writeRows writes an array of a page with one element to a line.
func writeRows[T any](j *JSON, rows []T) {
	if len(rows) == 0 {
		j.write(0, "[]")
		return
	}
	j.write(0, "[")
	for i, r := range rows {
		sep := ","
		if i == len(rows)-1 {
			sep = ""
		}
		j.write(0, "\n            %s%s", bytes.TrimSuffix(marshalCompact(r), []byte("\n")), sep)
	}
	j.write(0, "\n          ]")
}

func newJSONPage(p *Page) jsonPage {
	jp := jsonPage{Record: p.Record, URI: p.RecordName, Failed: p.Failed, Known: p.Known, Summary: p.Summary}
	for _, r := range p.Reasons {
		jp.Reasons = append(jp.Reasons, jsonReason(r))
	}
	for i := range p.Finds {
		f := &p.Finds[i]
		jp.Findings = append(jp.Findings, jsonFinding{Line: f.Line, SourceLine: f.SourceLine, Rule: f.RuleID(),
			Category: f.Category, Severity: f.Severity.String(), Fails: f.Fails, Text: f.Text})
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
	src := make(map[int]int, len(res.Page.Lines))
	for _, l := range res.Page.Lines {
		src[l.Num] = l.SourceLine
	}
	for i := range res.Verdicts {
		v := &res.Verdicts[i]
		jl := jsonLine{Line: v.Num, SourceLine: src[v.Num], Text: v.Text, Label: v.Label.String(),
			Category: v.Category, Score: v.Score, Rules: make([]jsonHit, len(v.Hits))}
		if r := v.Rule(); r != nil {
			jl.Rule = r.ID
		}
		for k, h := range v.Hits {
			jl.Rules[k] = jsonHit{h.Rule.ID, h.Delta}
		}
		jp.Lines = append(jp.Lines, jl)
	}
	return jp
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

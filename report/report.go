// Package report turns scored pages into findings, applies the gate
// (fail level, noise ratio, content minimum) and writes reports in the
// formats CI systems and people read.
package report

import (
	"cmp"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/page"
	"github.com/newslint/newslint/rules"
)

// Finding is one noise line.
type Finding struct {
	Path   string
	Record int // JSON record (line of a JSONL file), WARC record number; 0 for a whole file
	// RecordName names the record where the input does by more than a
	// number: a WARC response's target URI (page.Page.RecordName).
	RecordName string
	Line       int // line in the page text
	SourceLine int // line in the input file (HTML source, JSONL record); 0 unknown
	Rule       *rules.Rule
	Category   string
	Severity   rules.Severity
	Score      float64
	Text       string
	// Fails is true when the finding reaches the fail level of its page's gate.
	Fails bool
}

// FileLine is the line a finding points at in its input file: SourceLine
// when known (the HTML source line, the line of a JSON record), else Line.
func (f *Finding) FileLine() int {
	if f.SourceLine > 0 {
		return f.SourceLine
	}
	return f.Line
}

// Location is where the finding is, as people read it: path:line,
// path#record:line for a JSON record and path#uri:line for a WARC response
// (the line of the page's text).
func (f *Finding) Location() string {
	return string(f.appendLocation(nil))
}

// appendLocation appends f.Location() to b.
func (f *Finding) appendLocation(b []byte) []byte {
	b = appendWhere(b, f.Path, f.Record, f.RecordName)
	b = append(b, ':')
	return strconv.AppendInt(b, int64(f.Line), 10)
}

// Where names a page: its path, then #record for a record of a JSON file,
// or #name for a record with a name (a WARC response's target URI).
func Where(path string, record int, name string) string {
	if name == "" && record <= 0 {
		return path
	}
	return string(appendWhere(nil, path, record, name))
}

// appendWhere appends Where(path, record, name) to b.
func appendWhere(b []byte, path string, record int, name string) []byte {
	b = append(b, path...)
	switch {
	case name != "":
		b = append(append(b, '#'), name...)
	case record > 0:
		b = strconv.AppendInt(append(b, '#'), int64(record), 10)
	}
	return b
}

// RuleID returns the id of the rule behind the finding, or "boilerplate".
func (f *Finding) RuleID() string {
	if f.Rule == nil {
		return "boilerplate"
	}
	return f.Rule.ID
}

// Summary counts the verdicts on one page or a whole run.
type Summary struct {
	Lines   int `json:"lines"` // non-blank lines
	Content int `json:"content"`
	Title   int `json:"title"`
	Meta    int `json:"meta"`
	Noise   int `json:"noise"`
	// NoiseRatio is noise lines / non-blank lines.
	NoiseRatio float64 `json:"noise_ratio"`
	// Quality is the share of the page's characters that are kept as title
	// or content, 0..1: 1 is a clean article, near 0 a page of boilerplate.
	Quality    float64        `json:"quality"`
	Categories map[string]int `json:"categories,omitempty"`
	Rules      map[string]int `json:"rules,omitempty"`

	keptChars, allChars int
}

// Add adds o's counts to s.
func (s *Summary) Add(o *Summary) {
	s.Lines += o.Lines
	s.Content += o.Content
	s.Title += o.Title
	s.Meta += o.Meta
	s.Noise += o.Noise
	s.keptChars += o.keptChars
	s.allChars += o.allChars
	for k, v := range o.Categories {
		if s.Categories == nil {
			s.Categories = map[string]int{}
		}
		s.Categories[k] += v
	}
	for k, v := range o.Rules {
		if s.Rules == nil {
			s.Rules = map[string]int{}
		}
		s.Rules[k] += v
	}
	s.finish()
}

func (s *Summary) finish() {
	s.NoiseRatio, s.Quality = 0, 0
	if s.Lines > 0 {
		s.NoiseRatio = float64(s.Noise) / float64(s.Lines)
	}
	if s.allChars > 0 {
		s.Quality = float64(s.keptChars) / float64(s.allChars)
	}
}

// Page is one scored page with its findings and gate verdict.
type Page struct {
	Path       string
	Record     int
	RecordName string // see Finding.RecordName
	// Part and Parts are set on the parts of a page scored in parts (see
	// page.Page.Part); the first part fails the gate's CheckMaxPageLines.
	Part, Parts int
	Result      *detect.Result
	Summary     Summary
	// Finds are the page's findings, less those the gate's baseline knows.
	Finds []Finding
	// Known counts the findings left out because the baseline holds them.
	Known   int
	Failed  bool
	Reasons []Reason // why the gate failed
}

// Reason is one way in which a page fails its gate.
type Reason struct {
	Check   string // one of the Check constants
	Message string
}

// The gate's checks, as named in reasons and baseline files.
const (
	CheckFailLevel       = "fail-level"
	CheckMaxNoiseRatio   = "max-noise-ratio"
	CheckMinContentLines = "min-content-lines"
	CheckRequiredFields  = "required-fields"
	CheckMaxPageLines    = "max-page-lines"
)

// counts reports whether p counts as a page in totals: a page scored
// whole, or the first part of one scored in parts.
func (p *Page) counts() bool { return p.Part <= 1 }

// ReasonText joins the messages of reasons with "; ".
func ReasonText(reasons []Reason) string {
	msgs := make([]string, len(reasons))
	for i, r := range reasons {
		msgs[i] = r.Message
	}
	return strings.Join(msgs, "; ")
}

// NewPage derives findings and the summary of a result, and applies gate g.
//
// The findings are in line order: each noise line's, then one for each
// flag rule (effect: flag) that fired on a line, kept or dropped (mojibake,
// markup), and one for each problem a document rule found on the page (a
// truncated article, too little text, the wrong language), after the
// findings of its line. A document finding's Text is its message, and one
// on the page as a whole points at line 1.
func NewPage(res *detect.Result, g Gate) *Page {
	pg := res.Page
	p := &Page{Path: pg.Path, Record: pg.Record, RecordName: pg.RecordName, Part: pg.Part, Parts: pg.Parts, Result: res}
	s := &p.Summary
	n := len(res.Docs)
	for i := range res.Verdicts {
		v := &res.Verdicts[i]
		n += len(v.Flags)
		if v.Label == rules.Noise {
			n++
		}
	}
	p.Finds = make([]Finding, 0, n)
	docs := res.Docs
	if !slices.IsSortedFunc(docs, byDocLine) {
		docs = slices.Clone(docs)
		slices.SortStableFunc(docs, byDocLine)
	}
	addDocs := func(before int) {
		for len(docs) > 0 && max(docs[0].Line, 1) < before {
			d, line := docs[0], max(docs[0].Line, 1)
			p.Finds = append(p.Finds, Finding{Path: p.Path, Record: p.Record, RecordName: p.RecordName, Line: line, SourceLine: pg.SourceLine(line),
				Rule: d.Rule, Category: d.Rule.Category, Severity: d.Rule.Severity, Text: d.Message})
			docs = docs[1:]
		}
	}
	for i := range res.Verdicts {
		v := &res.Verdicts[i]
		addDocs(v.Num)
		n := utf8.RuneCountInString(v.Text)
		s.Lines++
		s.allChars += n
		switch v.Label {
		case rules.Content:
			s.Content++
			s.keptChars += n
		case rules.Title:
			s.Title++
			s.keptChars += n
		case rules.Meta:
			s.Meta++
		case rules.Noise:
			s.Noise++
			r := v.Rule()
			f := Finding{Path: p.Path, Record: p.Record, RecordName: p.RecordName, Line: v.Num, SourceLine: pg.SourceLine(v.Num), Rule: r,
				Category: v.Category, Severity: rules.Info, Score: v.Score, Text: v.Text}
			if r != nil {
				f.Severity = r.Severity
			}
			if s.Categories == nil {
				s.Categories, s.Rules = map[string]int{}, map[string]int{}
			}
			s.Categories[f.Category]++
			s.Rules[f.RuleID()]++
			p.Finds = append(p.Finds, f)
		}
		for _, r := range v.Flags {
			p.Finds = append(p.Finds, Finding{Path: p.Path, Record: p.Record, RecordName: p.RecordName, Line: v.Num, SourceLine: pg.SourceLine(v.Num),
				Rule: r, Category: r.Category, Severity: r.Severity, Score: v.Score, Text: v.Text})
		}
	}
	addDocs(math.MaxInt)
	s.finish()
	g = g.For(p.Path)
	if g.Baseline != nil {
		p.Finds, p.Known = g.Baseline.filter(p.Path, p.Finds)
	}
	p.Failed, p.Reasons = g.Check(p)
	return p
}

// byDocLine orders document findings by the line they point at.
func byDocLine(a, b detect.DocFinding) int { return cmp.Compare(max(a.Line, 1), max(b.Line, 1)) }

// Gate decides whether a page fails.
type Gate struct {
	FailLevel       rules.Severity // a finding at or above this level fails
	MaxNoiseRatio   float64        // 0: no limit
	MinContentLines int            // 0: no minimum
	// RequiredFields are page.Meta fields (see MetaFields) that every page
	// read from a JSON or JSON Lines file must carry.
	RequiredFields []string
	Overrides      []rules.Override
	// Baseline, when set, holds accepted findings and gate failures: they
	// are left out of the page and do not fail it.
	Baseline *Baseline
}

// GateFrom returns the gate set in s.
func GateFrom(s rules.Settings) Gate {
	return Gate{FailLevel: s.FailLevel, MaxNoiseRatio: s.MaxNoiseRatio, MinContentLines: s.MinContentLines,
		RequiredFields: s.RequiredFields, Overrides: s.Overrides}
}

// For returns the gate for path, with the overrides whose glob matches it.
func (g Gate) For(path string) Gate {
	out := g
	slash := filepath.ToSlash(path)
	for _, o := range g.Overrides {
		m1, _ := filepath.Match(o.Glob, slash)
		m2, _ := filepath.Match(o.Glob, filepath.Base(path))
		if !m1 && !m2 {
			continue
		}
		if o.FailLevel != nil {
			out.FailLevel = *o.FailLevel
		}
		if o.MaxNoiseRatio != nil {
			out.MaxNoiseRatio = *o.MaxNoiseRatio
		}
		if o.MinContentLines != nil {
			out.MinContentLines = *o.MinContentLines
		}
		if o.RequiredFields != nil {
			out.RequiredFields = o.RequiredFields
		}
	}
	return out
}

// Check applies the gate to page p: it marks the findings that reach the
// fail level and returns whether the page fails and why.
func (g Gate) Check(p *Page) (bool, []Reason) {
	var why []Reason
	worst := -1
	for i := range p.Finds {
		f := &p.Finds[i]
		f.Fails = f.Severity >= g.FailLevel
		if f.Fails && int(f.Severity) > worst {
			worst = int(f.Severity)
		}
	}
	if worst >= 0 {
		why = append(why, Reason{CheckFailLevel, "findings at " + rules.Severity(worst).String() + " level"})
	}
	s := &p.Summary
	if g.MaxNoiseRatio > 0 && s.NoiseRatio > g.MaxNoiseRatio {
		why = g.add(p, why, CheckMaxNoiseRatio, fmt.Sprintf("noise ratio %.1f%% above the maximum %.1f%%", 100*s.NoiseRatio, 100*g.MaxNoiseRatio))
	}
	if g.MinContentLines > 0 && s.Content < g.MinContentLines {
		why = g.add(p, why, CheckMinContentLines, fmt.Sprintf("%d content lines, fewer than the minimum %d", s.Content, g.MinContentLines))
	}
	if p.Part == 1 && p.Result != nil {
		n := len(p.Result.Page.Lines)
		why = g.add(p, why, CheckMaxPageLines, fmt.Sprintf("the page has more than %d lines (--max-page-lines): scored in %d parts of %d lines, each on its own (main block, repeated lines and document checks are those of the part)", n, p.Parts, n))
	}
	if len(g.RequiredFields) > 0 && p.Result != nil && fromRecords(p.Result.Page) {
		var missing []string
		for _, name := range g.RequiredFields {
			if strings.TrimSpace(MetaField(p.Result.Page.Meta, name)) == "" {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			why = g.add(p, why, CheckRequiredFields, "missing required fields: "+strings.Join(missing, ", "))
		}
	}
	return len(why) > 0, why
}

// add appends a page-level reason unless the baseline accepts it for p.
func (g Gate) add(p *Page, why []Reason, check, msg string) []Reason {
	if g.Baseline != nil && g.Baseline.knows(p.Path, check) {
		return why
	}
	return append(why, Reason{check, msg})
}

// fromRecords reports whether a page was read from a JSON or JSON Lines file.
func fromRecords(pg *page.Page) bool {
	if pg.Record > 0 {
		return true
	}
	f := input.FormatOf(pg.Path)
	return f == input.JSON || f == input.JSONL
}

// MetaFields are the page.Meta fields a gate can require, by their names in
// rules.yaml and on the command line.
var MetaFields = []string{"title", "url", "site", "lang", "byline", "published", "site-name"}

// MetaField returns the field of m named name (one of MetaFields), or "".
func MetaField(m page.Meta, name string) string {
	switch name {
	case "title":
		return m.Title
	case "url":
		return m.URL
	case "site":
		return m.Site
	case "lang":
		return m.Lang
	case "byline":
		return m.Byline
	case "published":
		return m.Published
	case "site-name":
		return m.SiteName
	}
	return ""
}

// Package report turns scored pages into findings, applies the gate
// (fail level, noise ratio, content minimum) and writes reports in the
// formats CI systems and people read.
package report

import (
	"path/filepath"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/rules"
)

// Finding is one noise line.
type Finding struct {
	Path       string
	Record     int // JSON record (line of a JSONL file), 0 for a whole file
	Line       int // line in the page text
	SourceLine int // line in the input file (HTML source, JSONL record); 0 unknown
	Rule       *rules.Rule
	Category   string
	Severity   rules.Severity
	Score      float64
	Text       string
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
	Path    string
	Record  int
	Result  *detect.Result
	Summary Summary
	Finds   []Finding
	Failed  bool
	Reasons []string // why the gate failed
}

// NewPage derives findings and the summary of a result, and applies gate g.
func NewPage(res *detect.Result, g Gate) *Page {
	p := &Page{Path: res.Page.Path, Record: res.Page.Record, Result: res}
	s := &p.Summary
	src := make(map[int]int, len(res.Page.Lines))
	for _, l := range res.Page.Lines {
		src[l.Num] = l.SourceLine
	}
	for i := range res.Verdicts {
		v := &res.Verdicts[i]
		n := len([]rune(v.Text))
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
			f := Finding{Path: p.Path, Record: p.Record, Line: v.Num, SourceLine: src[v.Num], Rule: r,
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
	}
	s.finish()
	p.Failed, p.Reasons = g.For(p.Path).Check(p)
	return p
}

// Gate decides whether a page fails.
type Gate struct {
	FailLevel       rules.Severity // a finding at or above this level fails
	MaxNoiseRatio   float64        // 0: no limit
	MinContentLines int            // 0: no minimum
	Overrides       []rules.Override
}

// GateFrom returns the gate set in s.
func GateFrom(s rules.Settings) Gate {
	return Gate{FailLevel: s.FailLevel, MaxNoiseRatio: s.MaxNoiseRatio, MinContentLines: s.MinContentLines, Overrides: s.Overrides}
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
	}
	return out
}

// Check applies the gate to a page.
func (g Gate) Check(p *Page) (bool, []string) {
	var why []string
	worst := -1
	for i := range p.Finds {
		if p.Finds[i].Severity >= g.FailLevel && int(p.Finds[i].Severity) > worst {
			worst = int(p.Finds[i].Severity)
		}
	}
	if worst >= 0 {
		why = append(why, "findings at "+rules.Severity(worst).String()+" level")
	}
	if g.MaxNoiseRatio > 0 && p.Summary.NoiseRatio > g.MaxNoiseRatio {
		why = append(why, "noise ratio above the maximum")
	}
	if g.MinContentLines > 0 && p.Summary.Content < g.MinContentLines {
		why = append(why, "fewer content lines than the minimum")
	}
	return len(why) > 0, why
}

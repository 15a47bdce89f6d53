// Package detect scores every line of a page as content, title, meta or
// noise. It computes shallow features of each line and its neighbours,
// applies the rule set in two passes around a structural analysis of the
// page (main article block, teaser units, end-of-article markers), and
// names the rules behind every verdict.
package detect

import (
	"github.com/newslint/newslint/page"
	"github.com/newslint/newslint/rules"
	"slices"
	"sync"
)

// Engine applies one compiled rule set. It is safe for concurrent use.
type Engine struct {
	set        *rules.Set
	rules      []*rules.Rule // enabled line rules, in file order
	local      []int         // indexes into rules: first pass
	structural []int         // indexes into rules: second pass
	phrases    phraseIndex
	literals   patternLiterals     // required literals of all patterns, one automaton
	index      map[*rules.Rule]int // rule → index into rules
	markers    bool
	docs       []docRule // document rules, run after labelling
	sited      bool      // some rule applies to some sites only
	scratches  sync.Pool // of *scratch
}

// maxPooledLines is the most line states kept for reuse: enough for the
// parts of a long page (runner.DefaultMaxPageLines), which come one after
// another; the memory of a page scored whole beyond that goes back to the
// garbage collector.
const maxPooledLines = 1 << 17

// getScratch returns scratch memory for one page.
func (e *Engine) getScratch() *scratch {
	if x, ok := e.scratches.Get().(*scratch); ok {
		return x
	}
	return &scratch{seen: map[string]occurrences{}}
}

// putScratch takes back the scratch memory of a finished page.
func (e *Engine) putScratch(x *scratch) {
	clear(x.seen)
	x.hits = x.hits[:0]
	e.scratches.Put(x)
}

// New prepares an engine for the enabled rules of set.
func New(set *rules.Set) *Engine {
	e := &Engine{set: set}
	for _, r := range set.Enabled() {
		if r.Kind == rules.Document {
			e.docs = append(e.docs, newDocRule(r))
		} else {
			e.rules = append(e.rules, r)
		}
		e.sited = e.sited || len(r.Sites) > 0
	}
	for i, r := range e.rules {
		if r.Structural() {
			e.structural = append(e.structural, i)
		} else {
			e.local = append(e.local, i)
		}
		e.markers = e.markers || r.EndsArticle
	}
	e.phrases = buildPhraseIndex(e.rules)
	// One automaton for the literals of every pattern, line and document rules alike.
	all := slices.Clone(e.rules)
	for _, d := range e.docs {
		all = append(all, d.rule)
	}
	e.literals = buildPatternLiterals(all)
	e.index = make(map[*rules.Rule]int, len(all))
	for i, r := range all {
		e.index[r] = i
	}
	for i := range e.docs {
		e.docs[i].index = e.index[e.docs[i].rule]
	}
	return e
}

// uncertain returns the reason of the first enabled article-uncertain
// rule that applies to the page, or "".
func (s *scan) uncertain() string {
	for k := range s.e.docs {
		r := s.e.docs[k].rule
		if r.Check != rules.CheckUncertain || s.opt.Disabled[r.ID] || !s.langOK(r) || (!s.opt.anySite && !r.AppliesToSite(s.p.Meta.Site)) {
			continue
		}
		reason, _ := s.uncertainty(r)
		return reason
	}
	return ""
}

// Rules returns the rule set the engine applies.
func (e *Engine) Rules() *rules.Set { return e.set }

// Hit is one rule that fired on a line and what it added to the score.
type Hit struct {
	Rule  *rules.Rule
	Delta float64
}

// Verdict is the decision on one non-blank line.
type Verdict struct {
	Num      int    // 1-based line number in the page
	Text     string // the line as read
	Label    rules.Label
	Category string  // for noise: the category of the strongest noise rule
	Score    float64 // > 0 keeps the line
	Hits     []Hit   // rules that fired, in rule order
	// Flags are the flag rules (effect: flag) that fired on the line: each
	// is a finding, none changes the score.
	Flags    []*rules.Rule
	Features *Features // the line's feature vector
}

// Rule returns the rule that decided the verdict: for noise, the rule
// that names the noise (the one Category comes from); otherwise the
// strongest rule that pushed the line towards its label; nil if none.
func (v *Verdict) Rule() *rules.Rule {
	var best *rules.Rule
	bw := 0.0
	for _, h := range v.Hits {
		if v.Label == rules.Noise {
			if h.Rule.Label == rules.Noise && explains(h.Rule, best) {
				best = h.Rule
			}
			continue
		}
		want := h.Rule.Label == v.Label || (v.Label == rules.Content && h.Rule.Label != rules.Noise)
		if want && h.Rule.Weight > bw {
			best, bw = h.Rule, h.Rule.Weight
		}
	}
	return best
}

// Result is the scored page.
type Result struct {
	Page     *page.Page
	Lang     string    // language the stopword features used ("" unknown)
	Verdicts []Verdict // one per non-blank line, in order
	// Block is the main article block as 1-based line numbers [Start, End];
	// zero when the page has none.
	BlockStart, BlockEnd int
	// Uncertain says why the decoded reading is in doubt under the first
	// enabled article-uncertain rule, or is empty; clean keeps such a
	// page whole (see package clean). It is set in LabelsOnly runs too.
	Uncertain string
	// Docs are the findings of the document rules on the page.
	Docs []DocFinding
}

// Options carry evidence from outside the page.
type Options struct {
	// SitePages, when set, tells on how many pages of the page's site
	// (page.Meta.Site) in this run each line occurs. It feeds the
	// site-pages and site-share features.
	SitePages SiteCounts

	// Disabled names rules switched off for this page (per-path overrides
	// in rules.yaml settings).
	Disabled map[string]bool

	// LabelsOnly skips what changes no label: flag rules (Verdict.Flags
	// stays empty), document rules (Result.Docs stays empty) and the copy
	// of each line's feature vector (Verdict.Features stays nil). For
	// cleaned text, which keeps or drops lines by label alone.
	LabelsOnly bool

	// NoFeatures skips the copy of each line's feature vector
	// (Verdict.Features stays nil): for reports that show none, such as
	// lint's. The copy is the largest part of a verdict.
	NoFeatures bool

	// anySite applies rules with sites: to every page (rule examples).
	anySite bool
}

// SiteCounts tell how lines recur across the pages of each site in a run.
type SiteCounts interface {
	// Pages returns the number of pages of site that hold a line whose
	// words are folded (see rules.FoldWords).
	Pages(site, folded string) int
	// Size returns the number of pages of site.
	Size(site string) int
}

// Run scores every line of p.
func (e *Engine) Run(p *page.Page, opt Options) *Result {
	s := newScan(e, p, opt)
	s.firstPass()
	s.structure()
	s.secondPass()
	s.sortFlags()
	s.label()
	res := s.result()
	res.Uncertain = s.uncertain()
	if !opt.LabelsOnly {
		res.Docs = s.documents()
	}
	if cap(s.lines) <= maxPooledLines {
		s.scratch.lines = s.lines
	}
	e.putScratch(s.scratch)
	s.scratch = nil
	return res
}

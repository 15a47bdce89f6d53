package detect

import (
	"github.com/newslint/newslint/page"
	"github.com/newslint/newslint/rules"
)

// Prepared is a page whose lines have been measured and matched against
// the first-pass rules, so that it can be decided again and again as the
// weights of the rules or the structure parameters change (what fitting
// and interactive tuning do): Decide redoes only the sums, the structure
// and the second pass. It holds the page's working state (about a
// kilobyte a line) until dropped.
type Prepared struct {
	s *scan
	// hits1 are each line's first-pass hits.
	hits1 [][]Hit
}

// Prepare measures p's lines and matches the first-pass rules (see
// Decide). The engine must not be used for p otherwise while the Prepared
// is in use; opt.LabelsOnly is implied.
func (e *Engine) Prepare(p *page.Page, opt Options) *Prepared {
	opt.LabelsOnly = true
	s := newScan(e, p, opt)
	// The scan keeps its scratch memory: it is not handed back to the pool.
	s.firstPass()
	pr := &Prepared{s: s, hits1: make([][]Hit, len(s.lines))}
	for i := range s.lines {
		pr.hits1[i] = append([]Hit(nil), s.lines[i].hits...)
	}
	return pr
}

// structuralFeatures are the features the structure sets, cleared before
// each Decide.
var structuralFeatures = []rules.Feature{
	rules.FScore, rules.FContextScore, rules.FBlock, rules.FLinesToBlock, rules.FLinesIntoBlock,
	rules.FTeaserUnit, rules.FAfterEnd, rules.FTitleCandidate, rules.FBlockContainer,
	rules.FOutsideContainer, rules.FHeadlineRun,
}

// Decide scores the prepared page with the rules' current weights and the
// rule set's current structure parameters, as Run would. It is not safe to
// call Decide on one Prepared from two goroutines at once, nor while the
// rules' weights change.
func (pr *Prepared) Decide() *Result {
	s := pr.s
	for i := range s.lines {
		ls := &s.lines[i]
		ls.hits = pr.hits1[i]
		ls.score1, ls.evidence, ls.endCost = 0, 0, 0
		for k := range ls.hits {
			h := &ls.hits[k]
			h.Delta = h.Rule.Sign() * h.Rule.Weight
			ls.addFirst(*h)
		}
		ls.score = ls.score1
		ls.state = 0
		for _, f := range structuralFeatures {
			ls.f[f] = 0
		}
	}
	s.hitArena = nil
	s.structure()
	s.secondPass()
	s.label()
	return s.result()
}

// FirstPass returns the prepared page's lines with their first-pass hits
// only: no structure, labels or scores.
func (pr *Prepared) FirstPass() *Result {
	r := &Result{Page: pr.s.p, Lang: pr.s.lang, Verdicts: make([]Verdict, len(pr.s.lines))}
	for i := range pr.s.lines {
		ls := &pr.s.lines[i]
		r.Verdicts[i] = Verdict{Num: ls.num, Text: pr.s.p.Lines[ls.line].Text, Hits: pr.hits1[i]}
	}
	return r
}

// Fires reports whether first-pass rule r fired on a line of the page.
func (pr *Prepared) Fires(r *rules.Rule) bool {
	for _, hs := range pr.hits1 {
		for _, h := range hs {
			if h.Rule == r {
				return true
			}
		}
	}
	return false
}

// Markers tells of each line whether it ends articles (an end-of-article
// rule fired on it).
func (pr *Prepared) Markers() []bool {
	marker := make([]bool, len(pr.s.lines))
	for i := range pr.s.lines {
		marker[i] = pr.s.lines[i].marker
	}
	return marker
}

package detect

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newslint/newslint/lang"
	"github.com/newslint/newslint/page"
	"github.com/newslint/newslint/rules"
)

// scan is the working state while one page is scored.
type scan struct {
	e     *Engine
	p     *page.Page
	opt   Options
	lang  string
	lines []lineState // non-blank lines only
	block [2]int      // indexes into lines, inclusive; -1 when none
	buf   []byte
	found []bool // scratch for the literal automaton
	fired []bool // per rule index, reused per line
	// first maps a folded line to the index of its first occurrence; made
	// by the first exact-duplicate test.
	first map[string]int
	// offSite is set per rule index when some rules apply to some sites
	// only: true for the rules that do not apply to this page's site.
	offSite []bool
}

type lineState struct {
	num    int // 1-based page line number
	raw    string
	text   string // trimmed
	folded string
	// caseFolded is text under rules.FoldCase, made when a pattern's
	// prefilter first needs it.
	caseFolded string
	folds      bool    // caseFolded is set
	lits       []int32 // ids of pattern literals on the line (see literalsOf)
	litsDone   bool
	dom        *page.DOM
	f          Features
	hits       []Hit
	flags      []*rules.Rule // flag rules that fired: reported, not scored
	score1     float64
	score      float64
	label      rules.Label
	cat        string
	marker     bool // an end-of-article rule fired
	teaser     bool // teaser evidence from the first pass
}

// teaserCategories are categories whose hits count as evidence of a teaser unit.
var teaserCategories = map[string]bool{"teaser": true, "relative-time": true, "comment-counter": true}

func newScan(e *Engine, p *page.Page, opt Options) *scan {
	s := &scan{e: e, p: p, opt: opt, block: [2]int{-1, -1}, fired: make([]bool, len(e.rules))}
	s.lines = make([]lineState, 0, len(p.Lines)) // no regrowth of big line states on long pages
	blankBefore := false
	for _, l := range p.Lines {
		t := trimLine(l.Text)
		if t == "" {
			blankBefore = true
			if n := len(s.lines); n > 0 {
				s.lines[n-1].f[rules.FBlankAfter] = 1
			}
			continue
		}
		ls := lineState{num: l.Num, raw: l.Text, text: normalizeSpaces(t), dom: l.DOM}
		ls.f[rules.FBlankBefore] = b2f(blankBefore)
		blankBefore = false
		s.lines = append(s.lines, ls)
	}
	s.lang = p.Meta.Lang
	if s.lang == "" || lang.StopwordsFor(lang.Lang(s.lang)) == nil {
		var d lang.Detector
		for i := range s.lines {
			d.Add(s.lines[i].text)
		}
		l, _ := d.Result()
		s.lang = string(l)
	}
	if e.sited && !opt.anySite {
		s.offSite = make([]bool, len(e.rules))
		for i, r := range e.rules {
			s.offSite[i] = !r.AppliesToSite(p.Meta.Site)
		}
	}
	s.features()
	return s
}

// features fills every line's local feature vector.
func (s *scan) features() {
	stops := lang.StopwordsFor(lang.Lang(s.lang))
	n := len(s.lines)
	counts := make(map[string]int, n)
	for i := range s.lines {
		ls := &s.lines[i]
		s.buf = rules.FoldWords(s.buf[:0], ls.text)
		ls.folded = string(s.buf)
		counts[ls.folded]++
		sh := measure(ls.text)
		f := &ls.f
		f[rules.FChars] = float64(sh.chars)
		f[rules.FWords] = float64(sh.words)
		if stops != nil {
			_, st := lang.Count(ls.text, stops)
			f[rules.FStopwords] = float64(st)
			f[rules.FStopwordDensity] = ratio(st, sh.words)
		}
		f[rules.FUpperRatio] = ratio(sh.upper, sh.letters)
		f[rules.FDigitRatio] = ratio(sh.digits, sh.nonSpace)
		f[rules.FTitleCaseRatio] = ratio(sh.capWords, sh.words)
		f[rules.FSentences] = float64(sh.sentences)
		f[rules.FAvgWordLength] = ratio(sh.wordRunes, sh.words)
		f[rules.FTerminalPunct] = b2f(sh.terminal)
		f[rules.FEndsColon] = b2f(sh.colon)
		f[rules.FEndsEllipsis] = b2f(sh.ellipsis)
		f[rules.FIndex] = float64(i)
		f[rules.FFromEnd] = float64(n - 1 - i)
		if n > 1 {
			f[rules.FPosition] = float64(i) / float64(n-1)
		}
		if d := ls.dom; d != nil {
			f[rules.FLinkDensity] = d.LinkDensity
			f[rules.FHeading] = float64(d.Heading)
			f[rules.FListItem] = b2f(d.ListItem)
			f[rules.FInArticle] = b2f(d.InArticle)
			f[rules.FCaptionElem] = b2f(d.Caption)
		}
	}
	site, size := s.p.Meta.Site, 0
	if s.opt.SitePages != nil {
		size = s.opt.SitePages.Size(site)
	}
	for i := range s.lines {
		ls := &s.lines[i]
		ls.f[rules.FRepeats] = float64(counts[ls.folded])
		if size > 0 && ls.folded != "" {
			c := s.opt.SitePages.Pages(site, ls.folded)
			ls.f[rules.FSitePages] = float64(c)
			ls.f[rules.FSiteShare] = float64(c) / float64(size)
		}
	}
}

// normalizeSpaces maps Unicode spaces (no-break, thin, ideographic) to an
// ASCII space, so that `\s` and ' ' in rule patterns see them. RE2's \s is
// ASCII-only. The line's raw text is kept for output.
func normalizeSpaces(s string) string {
	for _, r := range s {
		if r >= utf8.RuneSelf && unicode.IsSpace(r) {
			return strings.Map(func(r rune) rune {
				if r >= utf8.RuneSelf && unicode.IsSpace(r) {
					return ' '
				}
				return r
			}, s)
		}
	}
	return s
}

// firstPass applies the rules that need no page structure.
func (s *scan) firstPass() {
	for i := range s.lines {
		ls := &s.lines[i]
		s.apply(i, s.e.local)
		for _, h := range ls.hits {
			ls.score1 += h.Delta
			if h.Rule.EndsArticle {
				ls.marker = true
			}
			if teaserCategories[h.Rule.Category] && h.Rule.Label == rules.Noise {
				ls.teaser = true
			}
		}
		ls.score = ls.score1
	}
}

// secondPass applies the rules that depend on the page structure.
func (s *scan) secondPass() {
	if len(s.e.structural) == 0 {
		return
	}
	for i := range s.lines {
		ls := &s.lines[i]
		before := len(ls.hits)
		s.apply(i, s.e.structural)
		for _, h := range ls.hits[before:] {
			ls.score += h.Delta
		}
	}
}

// apply runs the rules with the given indexes on line i and records hits.
func (s *scan) apply(i int, idx []int) {
	ls := &s.lines[i]
	s.e.phrases.match(ls.folded, s.fired)
	for _, ri := range idx {
		r := s.e.rules[ri]
		if s.opt.Disabled[r.ID] || !s.langOK(r) || (s.offSite != nil && s.offSite[ri]) || !s.conds(i, r.When) {
			continue
		}
		ok := true
		switch {
		case r.Kind == rules.Duplicate:
			ok = s.duplicate(i, r.Dup)
		case len(r.Patterns) > 0:
			ok = s.matchPatterns(ls, r, ri)
		case len(r.Phrases) > 0:
			ok = s.fired[ri]
		}
		switch {
		case !ok:
		case r.Effect == rules.Flag:
			ls.flags = append(ls.flags, r)
		default:
			ls.hits = append(ls.hits, Hit{Rule: r, Delta: r.Sign() * r.Weight})
		}
	}
	clear(s.fired)
}

// matchPatterns reports whether one of r's patterns matches the line.
// ri is the rule's index in the engine (see Engine.index), or -1.
func (s *scan) matchPatterns(ls *lineState, r *rules.Rule, ri int) bool {
	for k, re := range r.Patterns {
		if ri >= 0 {
			if ids := s.e.literals.ids[ri][k]; ids != nil && !shares(ids, s.literalsOf(ls)) {
				continue // none of the literals every match needs is on the line
			}
		} else if pf := r.Prefilters[k]; pf != nil && !pf.Pass(s.caseFolded(ls)) {
			continue
		}
		if re.MatchString(ls.text) {
			return true
		}
	}
	return false
}

// caseFolded returns the line's text under rules.FoldCase, made once.
func (s *scan) caseFolded(ls *lineState) string {
	if !ls.folds {
		s.buf = rules.AppendFoldCase(s.buf[:0], ls.text)
		ls.caseFolded, ls.folds = string(s.buf), true
	}
	return ls.caseFolded
}

// literalsOf returns the ids of the pattern literals on the line, found
// once per line by the engine's automaton.
func (s *scan) literalsOf(ls *lineState) []int32 {
	if !ls.litsDone {
		if s.found == nil {
			s.found = make([]bool, s.e.literals.set.n)
		}
		ls.lits = s.e.literals.set.scan(s.caseFolded(ls), s.found, nil)
		for _, id := range ls.lits {
			s.found[id] = false
		}
		ls.litsDone = true
	}
	return ls.lits
}

func shares(a, b []int32) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

func (s *scan) langOK(r *rules.Rule) bool {
	if len(r.Langs) == 0 || s.lang == "" {
		return true
	}
	return slices.Contains(r.Langs, s.lang)
}

// conds reports whether all conditions hold for line i.
func (s *scan) conds(i int, cs []rules.Cond) bool {
	for k := range cs {
		c := &cs[k]
		j := i
		if c.Neighbor != 0 {
			j = i + c.Neighbor
			if j < 0 || j >= len(s.lines) {
				return false
			}
		}
		ls := &s.lines[j]
		if c.Feature == rules.FDomHint {
			if ls.dom == nil || !anyIn(c.Set, ls.dom.Hints) {
				return false
			}
			continue
		}
		v := ls.f[c.Feature]
		if c.Feature == rules.FScore && c.Neighbor != 0 {
			v = ls.score1
		}
		if !c.Holds(v) {
			return false
		}
	}
	return true
}

func anyIn(want, have []string) bool {
	for _, w := range want {
		if slices.Contains(have, w) {
			return true
		}
	}
	return false
}

// duplicate reports whether line i repeats an earlier line.
func (s *scan) duplicate(i int, mode rules.DupMode) bool {
	ls := &s.lines[i]
	switch mode {
	case rules.DupExact:
		if ls.folded == "" {
			return false
		}
		// A map, not a scan of the earlier lines: a page of a million
		// distinct lines must not cost a million squared comparisons.
		if s.first == nil {
			s.first = make(map[string]int, len(s.lines))
			for j := len(s.lines) - 1; j >= 0; j-- {
				s.first[s.lines[j].folded] = j
			}
		}
		return s.first[ls.folded] < i
	case rules.DupPrevPrefix:
		if i == 0 {
			return false
		}
		prev := s.lines[i-1].text
		return len(prev) >= 12 && len(ls.text) > len(prev) && strings.HasPrefix(ls.text, prev) &&
			utf8.RuneCountInString(ls.text[len(prev):]) <= 120
	}
	return false
}

// label turns scores into labels and categories.
func (s *scan) label() {
	for i := range s.lines {
		ls := &s.lines[i]
		ls.label, ls.cat = rules.Noise, ""
		if ls.score > 0 {
			ls.label = rules.Content
			best := 0.0
			for _, h := range ls.hits {
				if (h.Rule.Label == rules.Title || h.Rule.Label == rules.Meta) && h.Rule.Weight > best {
					ls.label, best = h.Rule.Label, h.Rule.Weight
				}
			}
			continue
		}
		best := math.Inf(-1)
		for _, h := range ls.hits {
			if h.Rule.Label == rules.Noise && h.Rule.Weight > best {
				ls.cat, best = h.Rule.Category, h.Rule.Weight
			}
		}
		if ls.cat == "" {
			ls.cat = "boilerplate"
		}
	}
}

func (s *scan) result() *Result {
	r := &Result{Page: s.p, Lang: s.lang, Verdicts: make([]Verdict, len(s.lines))}
	for i := range s.lines {
		ls := &s.lines[i]
		ls.f[rules.FScore] = ls.score1
		r.Verdicts[i] = Verdict{Num: ls.num, Text: ls.raw, Label: ls.label, Category: ls.cat,
			Score: math.Round(ls.score*100) / 100, Hits: ls.hits, Flags: ls.flags, Features: &ls.f}
	}
	if s.block[0] >= 0 {
		r.BlockStart, r.BlockEnd = s.lines[s.block[0]].num, s.lines[s.block[1]].num
	}
	return r
}

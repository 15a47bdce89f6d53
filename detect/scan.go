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
	// reading is the score of the decoded reading (see decode);
	// rivalLines and rivalMargin its rival's article and margin (see
	// rivalReading), found once rivalDone.
	reading     float64
	rivalLines  []int
	rivalMargin float64
	rivalDone   bool
	*scratch
	// marked is the index of the line whose literals are marked in
	// scratch.mark, -1 for none.
	marked int
	// hitArena is where the lines' hit lists live: one allocation for
	// many lines instead of one per line.
	hitArena []Hit
	// offSite is set per rule index when some rules apply to some sites
	// only: true for the rules that do not apply to this page's site.
	offSite []bool
	// local and structural are the engine's rules of each pass that
	// apply to this page (see active).
	local, structural []int
}

// scratch is the reusable memory of a scan: nothing in it outlives the
// page, so the engine hands it from page to page (see Engine.scratch).
type scratch struct {
	buf   []byte
	word  []byte
	found []bool   // literal automaton: literal seen on the line
	mark  []uint32 // literal set slot → gen when the marked line holds one
	// pass and rulePass are, per pattern id and rule index, gen when the
	// marked line may match the pattern (one of the rule's patterns).
	pass, rulePass []uint32
	// known[id] is gen when matched[id] holds whether pattern id matches
	// the marked line (for patterns shared by rules, see
	// patternLiterals.same).
	known   []uint32
	matched []bool
	gen     uint32
	hits    []Hit // the hits of the line being scored
	// seen maps a folded line to its occurrences on the page: one map for
	// the repeats feature and the exact-duplicate test alike.
	seen map[string]occurrences
	// Per line, kept in flat arrays rather than in each lineState (see
	// lineState): line i's folded words with a space on each side are
	// padded[padOff[i]:padOff[i+1]], its case-folded text
	// caseAll[caseOff[i]:caseOff[i+1]], the ids of the pattern literals on
	// it lits[litOff[i]:litOff[i+1]] and the phrase rules whose phrases it
	// holds phr[phrOff[i]:phrOff[i+1]].
	padded, caseAll string
	padOff, caseOff []int32
	lits, phr       []int32
	litOff, phrOff  []int32
	flags           []flagHit // flag rules that fired, by line once scored
	offs            []int32
	occ             []occurrence
	// masks are the lines' stopword list masks (lang.Detector.AddLine),
	// line i's at masks[moffs[i]:moffs[i+1]]; masked is set when they were
	// made for this page.
	masks  []uint64
	moffs  []int32
	masked bool
	// lines is the line states' memory, kept for the next page.
	lines []lineState
	// local and structural are the memory of scan.local and
	// scan.structural.
	local, structural []int
	// back is the decoder's memory (see decode), states the rival
	// reading's (see rival).
	back   [][NumStates]State
	states []State
	// tested is notArticle's memory: per line, 0 when not yet tested for
	// evidence, else 1 + whether it is evidence.
	tested []uint8
}

// occurrences are how often a folded line occurs on a page and the index
// of its first occurrence.
type occurrences struct {
	n, first int32
}

// lineState is what the scan knows about one non-blank line. It is paid
// for every line of a page, so what only some steps read lives in the
// scratch's flat arrays instead: the line's raw text (in the page), its
// case-folded text, its literals and phrase rules, and the flag rules that
// fired on it.
type lineState struct {
	num    int    // 1-based page line number
	text   string // trimmed, Unicode spaces made ASCII
	folded string // the words, folded (rules.FoldWords)
	dom    *page.DOM
	f      Features
	hits   []Hit
	score1 float64
	// evidence is the first-pass score of the line's content and noise
	// rules: what the decoder counts for the line in the article.
	evidence float64
	// endCost is the sum of the EndCost of its end-of-article rules.
	endCost float64
	score   float64
	line    int32 // index of the line in the page's Lines
	label   rules.Label
	marker  bool // an end-of-article rule fired
	teaser  bool // teaser evidence from the first pass
	inRun   bool // inside a run of units (see units)
	state   State
}

// flagHit is a flag rule that fired on line index line.
type flagHit struct {
	line int32
	rule *rules.Rule
}

// teaserCategories are categories whose hits count as evidence of a teaser unit.
var teaserCategories = map[string]bool{"teaser": true, "relative-time": true, "comment-counter": true}

func newScan(e *Engine, p *page.Page, opt Options) *scan {
	s := &scan{e: e, p: p, opt: opt, block: [2]int{-1, -1}, scratch: e.getScratch(), marked: -1}
	// Line states are reused from page to page (the result copies what it
	// keeps); sized once, so that big states do not regrow on long pages.
	if s.lines = s.scratch.lines[:0]; cap(s.lines) < len(p.Lines) {
		s.lines = make([]lineState, 0, len(p.Lines))
	}
	blankBefore := false
	for k, l := range p.Lines {
		t := trimLine(l.Text)
		if t == "" {
			blankBefore = true
			if n := len(s.lines); n > 0 {
				s.lines[n-1].f[rules.FBlankAfter] = 1
			}
			continue
		}
		ls := lineState{num: l.Num, line: int32(k), text: normalizeSpaces(t), dom: l.DOM}
		ls.f[rules.FBlankBefore] = b2f(blankBefore)
		blankBefore = false
		s.lines = append(s.lines, ls)
	}
	s.lang = p.Meta.Lang
	s.masked = false
	s.flags = s.flags[:0]
	if s.lang == "" || lang.StopwordsFor(lang.Lang(s.lang)) == nil {
		// The language, and each line's stopword lists for the counts.
		var d lang.Detector
		masks, offs := s.masks[:0], append(s.moffs[:0], 0)
		for i := range s.lines {
			masks = d.AddLine(s.lines[i].text, masks)
			offs = append(offs, int32(len(masks)))
		}
		s.masks, s.moffs, s.masked = masks, offs, true
		l, _ := d.Result()
		s.lang = string(l)
	}
	if e.sited && !opt.anySite {
		s.offSite = make([]bool, len(e.rules))
		for i, r := range e.rules {
			s.offSite[i] = !r.AppliesToSite(p.Meta.Site)
		}
	}
	s.local = s.active(e.local, s.scratch.local)
	s.structural = s.active(e.structural, s.scratch.structural)
	s.scratch.local, s.scratch.structural = s.local, s.structural
	s.features()
	return s
}

// features fills every line's local feature vector, its folded forms and
// the pattern literals on it.
func (s *scan) features() {
	s.fold()
	stops := lang.StopwordsFor(lang.Lang(s.lang))
	n := len(s.lines)
	seen := s.seen
	for i := range s.lines {
		ls := &s.lines[i]
		o, ok := seen[ls.folded]
		if !ok {
			o.first = int32(i)
		}
		o.n++
		seen[ls.folded] = o
		sh := measure(ls.text)
		f := &ls.f
		f[rules.FChars] = float64(sh.chars)
		f[rules.FWords] = float64(sh.words)
		if stops != nil {
			var st int
			if s.masked {
				st = stops.CountIn(s.masks[s.moffs[i]:s.moffs[i+1]])
			} else {
				_, st = lang.Count(ls.text, stops)
			}
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
	s.ingredients()
	s.tables()
	s.enumerations()
	s.units()
	site, size := s.p.Meta.Site, 0
	if s.opt.SitePages != nil {
		size = s.opt.SitePages.Size(site)
	}
	for i := range s.lines {
		ls := &s.lines[i]
		ls.f[rules.FRepeats] = float64(seen[ls.folded].n)
		if size > 0 && ls.folded != "" {
			c := s.opt.SitePages.Pages(site, ls.folded)
			ls.f[rules.FSitePages] = float64(c)
			ls.f[rules.FSiteShare] = float64(c) / float64(size)
		}
	}
}

// fold sets every line's folded words (rules.FoldWords), case-folded text
// (rules.FoldCase) and the pattern literals found in it. Each kind is built
// in one buffer and turned into one string (or slice) per page, which the
// lines share.
func (s *scan) fold() {
	if len(s.lines) == 0 {
		return
	}
	// Folded words with a space on each side (what phrases are matched
	// on); folded is the part between the spaces.
	buf, offs := s.buf[:0], append(s.offs[:0], 0)
	for i := range s.lines {
		// FoldWords puts a space before the first word of a non-empty dst.
		s.word = rules.FoldWords(s.word[:0], s.lines[i].text)
		buf = append(append(append(buf, ' '), s.word...), ' ')
		offs = append(offs, int32(len(buf)))
	}
	s.padded = string(buf)
	s.padOff = append(s.padOff[:0], offs...)
	for i := range s.lines {
		s.lines[i].folded = s.padded[offs[i]+1 : offs[i+1]-1]
	}
	buf, offs = buf[:0], offs[:1]
	for i := range s.lines {
		buf = rules.AppendFoldCase(buf, s.lines[i].text)
		offs = append(offs, int32(len(buf)))
	}
	s.caseAll = string(buf)
	s.caseOff = append(s.caseOff[:0], offs...)
	// Pattern literals: one pass of the automaton per line.
	set := s.e.literals.set
	if len(s.found) < set.n {
		s.found = make([]bool, set.n)
	}
	if pl := &s.e.literals; len(s.mark) < pl.n || len(s.pass) < len(pl.need) || len(s.rulePass) < len(pl.base) {
		s.mark = make([]uint32, pl.n)
		s.pass = make([]uint32, len(pl.need))
		s.known = make([]uint32, len(pl.need))
		s.matched = make([]bool, len(pl.need))
		s.rulePass = make([]uint32, len(pl.base))
		s.gen = 0
	}
	lits := s.lits[:0]
	s.litOff = append(s.litOff[:0], 0)
	for i := range s.lines {
		start := len(lits)
		lits = set.scan(s.caseFolded(i), s.found, lits)
		for _, id := range lits[start:] {
			s.found[id] = false
		}
		s.litOff = append(s.litOff, int32(len(lits)))
	}
	// Phrase rules: one pass of their automaton per line.
	phr := s.phr[:0]
	s.phrOff = append(s.phrOff[:0], 0)
	for i := range s.lines {
		phr, s.occ = s.e.phrases.match(s.paddedLine(i), phr, s.occ)
		s.phrOff = append(s.phrOff, int32(len(phr)))
	}
	s.buf, s.offs, s.lits, s.phr = buf, offs, lits, phr
}

// paddedLine returns line i's folded words with a space before and after.
func (s *scan) paddedLine(i int) string { return s.padded[s.padOff[i]:s.padOff[i+1]] }

// caseFolded returns line i's text under rules.FoldCase (what prefilters
// see).
func (s *scan) caseFolded(i int) string { return s.caseAll[s.caseOff[i]:s.caseOff[i+1]] }

// lineLits returns the ids of the pattern literals on line i.
func (s *scan) lineLits(i int) []int32 { return s.lits[s.litOff[i]:s.litOff[i+1]] }

// linePhrases returns the indexes of the phrase rules whose phrases line i
// holds.
func (s *scan) linePhrases(i int) []int32 { return s.phr[s.phrOff[i]:s.phrOff[i+1]] }

// lineFlags returns the flag rules that fired on line i, once both passes
// are done (see sortFlags).
func (s *scan) lineFlags(i int) []flagHit {
	lo, _ := slices.BinarySearchFunc(s.flags, int32(i), func(f flagHit, line int32) int { return int(f.line - line) })
	hi := lo
	for hi < len(s.flags) && s.flags[hi].line == int32(i) {
		hi++
	}
	return s.flags[lo:hi:hi]
}

// sortFlags puts the flag rules that fired in line order, each line's in
// the order they fired (first pass, then second).
func (s *scan) sortFlags() {
	slices.SortStableFunc(s.flags, func(a, b flagHit) int { return int(a.line - b.line) })
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
		s.apply(i, s.local)
		for _, h := range ls.hits {
			ls.addFirst(h)
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

// addFirst adds a first-pass hit to the line's first-pass score, its
// evidence and its end cost.
func (ls *lineState) addFirst(h Hit) {
	ls.score1 += h.Delta
	if h.Rule.Label == rules.Noise || h.Rule.Label == rules.Content {
		ls.evidence += h.Delta
	}
	if h.Rule.EndsArticle {
		ls.endCost += h.Rule.EndCost
	}
}

// secondPass applies the rules that depend on the page structure.
func (s *scan) secondPass() {
	if len(s.structural) == 0 {
		return
	}
	for i := range s.lines {
		ls := &s.lines[i]
		before := len(ls.hits)
		s.apply(i, s.structural)
		for _, h := range ls.hits[before:] {
			ls.score += h.Delta
		}
	}
}

// active returns the indexes of idx whose rules apply to this page at all:
// not disabled, not a flag rule when only labels are asked for, of the
// page's language and site.
func (s *scan) active(idx []int, dst []int) []int {
	dst = dst[:0]
	for _, ri := range idx {
		r := s.e.rules[ri]
		if s.opt.Disabled[r.ID] || (s.opt.LabelsOnly && r.Effect == rules.Flag) || !s.langOK(r) || (s.offSite != nil && s.offSite[ri]) {
			continue
		}
		dst = append(dst, ri)
	}
	return dst
}

// apply runs the rules with the given indexes on line i and records hits.
func (s *scan) apply(i int, idx []int) {
	ls := &s.lines[i]
	for _, ri := range idx {
		r := s.e.rules[ri]
		if !s.mayMatch(i, ri) || !s.conds(i, r.When) {
			continue
		}
		ok := true
		switch {
		case r.Kind == rules.Duplicate:
			ok = s.duplicate(i, r.Dup)
		case len(r.Patterns) > 0:
			ok = s.matchPatterns(i, r, ri)
		case len(r.Phrases) > 0:
			ok = slices.Contains(s.linePhrases(i), int32(ri))
		}
		switch {
		case !ok:
		case r.Effect == rules.Flag:
			s.flags = append(s.flags, flagHit{int32(i), r})
		default:
			s.hits = append(s.hits, Hit{Rule: r, Delta: r.Sign() * r.Weight})
		}
	}
	if len(s.hits) > 0 {
		ls.hits = s.keepHits(ls.hits, s.hits)
		s.hits = s.hits[:0]
	}
}

// hitChunk is how many hits one arena allocation holds.
const hitChunk = 256

// keepHits returns old followed by add, in the scan's hit arena.
func (s *scan) keepHits(old, add []Hit) []Hit {
	n := len(old) + len(add)
	if cap(s.hitArena)-len(s.hitArena) < n {
		s.hitArena = make([]Hit, 0, max(hitChunk, n))
	}
	start := len(s.hitArena)
	s.hitArena = append(append(s.hitArena, old...), add...)
	return s.hitArena[start : start+n : start+n]
}

// matchPatterns reports whether one of r's patterns matches line i.
// ri is the rule's index in the engine (see Engine.index).
func (s *scan) matchPatterns(i int, r *rules.Rule, ri int) bool {
	pl := &s.e.literals
	s.markLine(i)
	ls := &s.lines[i]
	folded := s.caseFolded(i)
	base := pl.base[ri]
	for k, re := range r.Patterns {
		id := base + int32(k)
		if pl.need[id] != nil && s.pass[id] != s.gen {
			continue // a set of literals every match needs is not on the line
		}
		if same := pl.same[id]; same >= 0 {
			// Another rule has the same pattern: match once per line.
			if s.known[same] != s.gen {
				s.known[same] = s.gen
				s.matched[same] = re.MatchLine(ls.text, folded)
			}
			if s.matched[same] {
				return true
			}
			continue
		}
		if re.MatchLine(ls.text, folded) {
			return true
		}
	}
	return false
}

// mayMatch reports whether a pattern of rule ri may match line i: false
// only for a rule all of whose patterns have prefilters that the line
// fails.
func (s *scan) mayMatch(i int, ri int) bool {
	if !s.e.literals.filtered[ri] {
		return true
	}
	s.markLine(i)
	return s.rulePass[ri] == s.gen
}

// markLine marks, under a new generation, the slots the literals on line
// i satisfy, the patterns all of whose slots are marked (pass), and their
// rules (rulePass). It does nothing when line i is already marked.
func (s *scan) markLine(i int) {
	if s.marked == i {
		return
	}
	s.marked = i
	s.gen++
	if s.gen == 0 { // wrapped: old marks could collide
		clear(s.mark)
		clear(s.pass)
		clear(s.rulePass)
		clear(s.known)
		s.gen = 1
	}
	pl := &s.e.literals
	gen := s.gen
	lits := s.lineLits(i)
	for _, id := range lits {
		for _, sl := range pl.slots[id] {
			s.mark[sl] = gen
		}
	}
	for _, id := range lits {
		for _, sl := range pl.slots[id] {
		patterns:
			for _, p := range pl.first[sl] {
				if s.pass[p] == gen {
					continue
				}
				for _, other := range pl.need[p][1:] {
					if s.mark[other] != gen {
						continue patterns
					}
				}
				s.pass[p] = gen
				s.rulePass[pl.rule[p]] = gen
			}
		}
	}
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
		return int(s.seen[ls.folded].first) < i
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

// label turns scores into labels.
func (s *scan) label() {
	for i := range s.lines {
		ls := &s.lines[i]
		ls.label = rules.Noise
		if ls.score > 0 {
			ls.label = rules.Content
			best := 0.0
			for _, h := range ls.hits {
				if (h.Rule.Label == rules.Title || h.Rule.Label == rules.Meta) && h.Rule.Weight > best {
					ls.label, best = h.Rule.Label, h.Rule.Weight
				}
			}
		}
	}
}

// category returns the category of a noise line: that of the noise rule
// that explains it best (see explains), else "boilerplate".
func category(hits []Hit) string {
	var best *rules.Rule
	for _, h := range hits {
		if h.Rule.Label == rules.Noise && explains(h.Rule, best) {
			best = h.Rule
		}
	}
	if best == nil {
		return "boilerplate"
	}
	return best.Category
}

// explains reports whether r explains a noise verdict better than best (nil:
// none yet): a rule that names the text (rules.Rule.NamesText: a relative
// time, a share prompt; a repeated line after those) before one of a
// specific category (a teaser unit,
// navigation before the article), before one of the generic "boilerplate";
// the stronger rule within a tier. The weights alone would often name the
// place on the page rather than the kind of noise, as the fit gives a rule
// little weight where the page structure already decides.
func explains(r, best *rules.Rule) bool {
	if best == nil {
		return true
	}
	if a, b := explainTier(r), explainTier(best); a != b {
		return a > b
	}
	return r.Weight > best.Weight
}

func explainTier(r *rules.Rule) int {
	switch {
	case r.NamesText() && r.Kind != rules.Duplicate:
		return 3
	case r.NamesText():
		return 2 // a repeat names the text less than a pattern does
	case r.Category != "boilerplate":
		return 1
	}
	return 0
}

func (s *scan) result() *Result {
	r := &Result{Page: s.p, Lang: s.lang, Verdicts: make([]Verdict, len(s.lines))}
	var feats []Features // copies: s.lines goes back to the pool
	if !s.opt.LabelsOnly && !s.opt.NoFeatures {
		feats = make([]Features, len(s.lines))
	}
	// The flag rules of all lines in one array, in line order.
	var flags []*rules.Rule
	if len(s.flags) > 0 {
		flags = make([]*rules.Rule, len(s.flags))
		for k, f := range s.flags {
			flags[k] = f.rule
		}
	}
	k := 0
	for i := range s.lines {
		ls := &s.lines[i]
		v := &r.Verdicts[i]
		*v = Verdict{Num: ls.num, Text: s.p.Lines[ls.line].Text, Label: ls.label,
			Score: math.Round(ls.score*100) / 100, Hits: ls.hits}
		if ls.label == rules.Noise {
			v.Category = category(ls.hits)
		}
		if start := k; k < len(s.flags) && s.flags[k].line == int32(i) {
			for k < len(s.flags) && s.flags[k].line == int32(i) {
				k++
			}
			v.Flags = flags[start:k:k]
		}
		if feats != nil {
			feats[i] = ls.f
			feats[i][rules.FScore] = ls.score1
			v.Features = &feats[i]
		}
	}
	if s.block[0] >= 0 {
		r.BlockStart, r.BlockEnd = s.lines[s.block[0]].num, s.lines[s.block[1]].num
	}
	return r
}

package detect

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newslint/newslint/rules"
)

// teaserGap is how many lines without teaser evidence may separate two
// lines with it inside one run of teaser units; teaserMin is how many
// lines with teaser evidence make a run.
const (
	teaserGap = 3
	teaserMin = 3
)

// structure decodes the article (see decode), marks the teaser units,
// the runs of headlines, the headline and the block container, and fills
// the structural features.
func (s *scan) structure() {
	n := len(s.lines)
	if n == 0 {
		return
	}
	s.decode()
	start, end := s.block[0], s.block[1]
	// End-of-article markers count once the article has begun, for the
	// lines the decoder did not put in the article.
	after := false
	for i := range s.lines {
		ls := &s.lines[i]
		ls.f[rules.FAfterEnd] = b2f(after && ls.state != StArticle)
		if ls.marker && start >= 0 && i > start {
			after = true
		}
	}
	s.teaserUnits()
	s.headlineRuns()
	s.titleCandidates()
	s.blockContainer()
	for i := range s.lines {
		f := &s.lines[i].f
		f[rules.FBlock] = blockFeature(s.lines[i].state)
		switch {
		case start < 0:
			f[rules.FLinesToBlock] = float64(n)
		case i < start:
			f[rules.FLinesToBlock] = float64(start - i)
		case i > end:
			f[rules.FLinesToBlock] = float64(i - end)
		default:
			f[rules.FLinesIntoBlock] = float64(i - start)
		}
		f[rules.FScore] = s.lines[i].score1
		f[rules.FContextScore] = s.contextScore(i)
	}
}

// contextMin and contextMax clamp the scores context-score averages: one
// strong line does not decide its neighbours' context.
const (
	contextMin = -3.0
	contextMax = 4.0
)

// contextScore is the mean first-pass score of up to two lines on each
// side, each clamped to [contextMin, contextMax].
func (s *scan) contextScore(i int) float64 {
	sum, k := 0.0, 0
	for d := 1; d <= 2; d++ {
		if j := i - d; j >= 0 {
			sum += min(max(s.lines[j].score1, contextMin), contextMax)
			k++
		}
		if j := i + d; j < len(s.lines) {
			sum += min(max(s.lines[j].score1, contextMin), contextMax)
			k++
		}
	}
	if k == 0 {
		return 0
	}
	return sum / float64(k)
}

// teaserUnits marks runs of repeating teaser units: lines with teaser
// evidence (a cut-off summary, a relative time, a comment counter) that
// recur at short distances, together with the headlines between them.
func (s *scan) teaserUnits() {
	n := len(s.lines)
	i := 0
	for i < n {
		if !s.lines[i].teaser {
			i++
			continue
		}
		// Grow a run from i while evidence recurs within teaserGap lines.
		last, count, maxGap := i, 1, 0
		for j := i + 1; j < n && j-last <= teaserGap+1; j++ {
			if s.lines[j].teaser {
				if g := j - last - 1; g > maxGap {
					maxGap = g
				}
				last, count = j, count+1
			}
		}
		if count >= teaserMin {
			start := i
			// The first unit's headline precedes its first evidence line.
			for k := 0; k < maxGap && start > 0; k++ {
				prev := &s.lines[start-1]
				if prev.score1 >= 2 || prev.marker {
					break
				}
				start--
			}
			end := last
			for k := start; k <= end; k++ {
				s.lines[k].f[rules.FTeaserUnit] = 1
			}
		}
		i = last + 1
	}
}

// titleWindow is how many lines above the main block the headline may stand.
const titleWindow = 8

// titleCandidates marks the page's headline: the line that matches the
// title the input format gave, or else the longest headline-shaped line in
// the few lines above the main block, together with a kicker ending in ':'
// right before it.
func (s *scan) titleCandidates() {
	if t := s.p.Meta.Title; t != "" {
		s.buf = rules.FoldWords(s.buf[:0], t)
		want := string(s.buf)
		for i := range s.lines {
			ls := &s.lines[i]
			if ls.folded != "" && (ls.folded == want || (len(ls.folded) >= 12 && strings.Contains(want, ls.folded))) {
				ls.f[rules.FTitleCandidate] = 1
				return
			}
		}
	}
	start := s.block[0]
	if start < 0 {
		return
	}
	best, bestWords := -1, 0.0
	for i := start - 1; i >= 0 && i >= start-titleWindow; i-- {
		f := &s.lines[i].f
		w := f[rules.FWords]
		if w < 2 || w > 30 || f[rules.FTerminalPunct] == 1 || f[rules.FDigitRatio] > 0.2 || f[rules.FEndsEllipsis] == 1 {
			continue
		}
		if s.lines[i].score1 <= -4 { // strong noise evidence: a menu entry, a prompt
			continue
		}
		if f[rules.FIngredientList] == 1 { // a heading inside a recipe's ingredients
			continue
		}
		if w > bestWords {
			best, bestWords = i, w
		}
	}
	if best < 0 {
		return
	}
	s.lines[best].f[rules.FTitleCandidate] = 1
	if k := best - 1; k >= 0 && s.lines[k].f[rules.FEndsColon] == 1 && s.lines[k].f[rules.FWords] <= 8 {
		s.lines[k].f[rules.FTitleCandidate] = 1
	}
}

// containerShare is the share of the main block's text (in characters of
// lines with a positive first-pass score) that the block container holds.
const containerShare = 0.8

// blockContainer marks the lines inside the block container: the deepest
// HTML element that holds at least containerShare of the main block's text.
// Paragraphs of one article share an element; the block found from line
// scores may stop short of it (a table, a list, short steps) or reach past
// it (a teaser below the article), the element does not.
func (s *scan) blockContainer() {
	start, end := s.block[0], s.block[1]
	if start < 0 {
		return
	}
	total := 0.0
	acc := map[int32]float64{}
	for i := start; i <= end; i++ {
		ls := &s.lines[i]
		if ls.dom == nil || len(ls.dom.Elements) == 0 || ls.score1 <= 0 {
			continue
		}
		w := ls.f[rules.FChars]
		total += w
		for _, e := range ls.dom.Elements {
			acc[e] += w
		}
	}
	if total == 0 {
		return
	}
	best, depth := int32(-1), -1
	for i := start; i <= end; i++ {
		ls := &s.lines[i]
		if ls.dom == nil {
			continue
		}
		for k, e := range ls.dom.Elements {
			if k > depth && acc[e] >= containerShare*total {
				best, depth = e, k
			}
		}
	}
	if best < 0 {
		return
	}
	for i := range s.lines {
		d := s.lines[i].dom
		if d != nil && len(d.Elements) > depth && d.Elements[depth] == best {
			s.lines[i].f[rules.FBlockContainer] = 1
		} else if d != nil {
			s.lines[i].f[rules.FOutsideContainer] = 1
		}
	}
}

// startsLower reports whether t starts with a lower-case letter.
func startsLower(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsLower(r)
}

// headlineRunMin and headlineRunMax bound the lines of a run of headlines.
const (
	headlineRunMin = 3
	headlineRunMax = 8
	// headlineRunStops is the highest mean stopword density of a run of
	// headlines: headlines are terse, while the items of a list or the
	// lines of a verse are as rich in stopwords as sentences.
	headlineRunStops = 0.47
)

// headlineLike reports whether line k has the shape of a headline: four to
// sixteen words, no sentence end, no colon at the end, and none of the
// structures that make short lines article text (a table, a recipe's
// ingredients, numbered or label units).
func (s *scan) headlineLike(k int) bool {
	ls := &s.lines[k]
	w := ls.f[rules.FWords]
	if w < 4 || w > 16 || ls.f[rules.FTerminalPunct] == 1 || ls.f[rules.FEndsColon] == 1 || ls.f[rules.FEndsEllipsis] == 1 ||
		ls.f[rules.FTableRow] == 1 || ls.f[rules.FIngredientList] == 1 || ls.inRun || ls.marker || startsLower(ls.text) {
		return false
	}
	// A line that ends on a comma, a semicolon or a dash goes on in the
	// next: hard-wrapped text, not a headline.
	last, _ := utf8.DecodeLastRuneInString(ls.text)
	return !strings.ContainsRune(",;–—-", last)
}

// headlineRuns marks runs of headlineRunMin or more headline-shaped lines
// that follow each other with no blank line between them: innerText
// separates an article's paragraphs with blank lines, while a box of links
// to other stories is a tight list of headlines.
func (s *scan) headlineRuns() {
	n := len(s.lines)
	for i := 0; i < n; {
		if !s.headlineLike(i) {
			i++
			continue
		}
		j := i + 1
		for j < n && s.lines[j].f[rules.FBlankBefore] == 0 && s.headlineLike(j) {
			j++
		}
		// A list that a sentence ending in a colon introduces is the
		// article's; a box of links is short.
		intro := i > 0 && s.lines[i-1].f[rules.FEndsColon] == 1 && s.lines[i-1].f[rules.FWords] >= 3
		// A run that begins above the main block is the article's own
		// headline, kicker and standfirst.
		intro = intro || i < s.block[0]
		sd := 0.0
		for k := i; k < j; k++ {
			sd += s.lines[k].f[rules.FStopwordDensity]
		}
		if j-i >= headlineRunMin && j-i <= headlineRunMax && !intro && sd < headlineRunStops*float64(j-i) {
			for k := i; k < j; k++ {
				s.lines[k].f[rules.FHeadlineRun] = 1
			}
		}
		i = j
	}
}

package detect

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newslint/newslint/rules"
)

// Block scores are clamped so that a single strong noise line (a comment
// counter between two paragraphs) does not split the article, and a single
// long line does not swallow a page of navigation.
const (
	blockMin = -3.0
	blockMax = 4.0
	// teaserGap is how many lines without teaser evidence may separate two
	// lines with it inside one run of teaser units.
	teaserGap = 3
	// teaserMin is how many lines with teaser evidence make a run.
	teaserMin = 3
)

// earlierShare is how much of the best span's sum the best span before an
// end-of-article marker must reach to be taken instead (see structure).
const earlierShare = 0.5

// maxSpan returns the span of lines[0:n] with the maximum sum of clamped
// first-pass scores, and the sum; start is -1 when no span is positive.
// Of equal sums the later span wins, and a span grows over lines that keep
// the sum.
func (s *scan) maxSpan(n int) (best float64, bestStart, bestEnd int) {
	return s.maxSpanFrom(0, n)
}

// maxSpanFrom is maxSpan over lines[from:n].
func (s *scan) maxSpanFrom(from, n int) (best float64, bestStart, bestEnd int) {
	bestStart, bestEnd = -1, -1
	cur, start := 0.0, from
	for i := from; i < n; i++ {
		v := s.blockValue(i)
		if cur < 0 || (cur == 0 && bestStart < 0) {
			cur, start = 0, i
		}
		cur += v
		if cur > best || (cur == best && cur > 0 && v > 0) {
			best, bestStart, bestEnd = cur, start, i
		}
	}
	return best, bestStart, bestEnd
}

// structure finds the main block, the teaser units and the end-of-article
// markers, and fills the structural features.
func (s *scan) structure() {
	n := len(s.lines)
	if n == 0 {
		return
	}
	// Main block: the span with the maximum sum of first-pass scores
	// (Finn et al.'s body-text extraction, over lines).
	s.numberedUnits()
	s.postUnits()
	s.labelUnits()
	best, bestStart, bestEnd := s.maxSpan(n)
	// A span that starts after an end-of-article marker (a comments or
	// related-stories heading) is the comments or the teasers below an
	// article: the best span before the first such marker is the article
	// if it holds at least earlierShare of the text.
	if bestStart > 0 {
		for m := 0; m < bestStart; m++ {
			if !s.lines[m].marker {
				continue
			}
			if b, st, en := s.maxSpan(m); st >= 0 && b >= earlierShare*best {
				best, bestStart, bestEnd = b, st, en
			}
			break
		}
	}
	if bestStart >= 0 {
		bestEnd = s.cutAtMarker(bestStart, bestEnd)
		// A note on the author under its own heading closes the block:
		// the heading ends the article, and the note is not the story.
		if h := s.aboutAuthor(bestStart, bestEnd); h >= 0 {
			s.lines[h].marker = true
			if i := s.textAbove(h, bestStart); i >= 0 {
				bestEnd = i
			}
		}
		bestStart = s.leadBefore(bestStart)
		bestEnd = s.stepsAfter(s.tableAfter(s.listAfter(bestEnd)))
		bestEnd = s.spanBelow(best, bestEnd)
		for e := s.resumeBelow(bestEnd); e > bestEnd; e = s.resumeBelow(bestEnd) {
			bestEnd = e // the article goes on below one box after another
		}
		bestStart = s.spanAbove(best, bestStart)
	}
	s.block = [2]int{bestStart, bestEnd}

	// End-of-article markers count once the article has begun.
	// A related-stories heading inside the block ends the article only
	// if the story does not go on below its headlines (see resumes).
	after, related := false, false
	for i := range s.lines {
		ls := &s.lines[i]
		if after && related && i < bestEnd && s.resumes(i) {
			after = false
		}
		ls.f[rules.FAfterEnd] = b2f(after)
		if ls.marker && bestStart >= 0 && i > bestStart {
			related = ls.related && (!after || related)
			after = true
		}
	}

	s.teaserUnits()
	s.headlineRuns()
	s.titleCandidates()
	s.blockContainer()

	for i := range s.lines {
		f := &s.lines[i].f
		switch {
		case bestStart < 0 || i < bestStart:
			f[rules.FBlock] = 0
			if bestStart >= 0 {
				f[rules.FLinesToBlock] = float64(bestStart - i)
			} else {
				f[rules.FLinesToBlock] = float64(n)
			}
		case i > bestEnd:
			f[rules.FBlock] = 2
			f[rules.FLinesToBlock] = float64(i - bestEnd)
		default:
			f[rules.FBlock] = 1
			f[rules.FLinesIntoBlock] = float64(i - bestStart)
		}
		f[rules.FScore] = s.lines[i].score1
		f[rules.FContextScore] = s.contextScore(i)
	}
}

// contextScore is the mean first-pass score of up to two lines on each side.
func (s *scan) contextScore(i int) float64 {
	sum, k := 0.0, 0
	for d := 1; d <= 2; d++ {
		if j := i - d; j >= 0 {
			sum += min(max(s.lines[j].score1, blockMin), blockMax)
			k++
		}
		if j := i + d; j < len(s.lines) {
			sum += min(max(s.lines[j].score1, blockMin), blockMax)
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

// listMin is how many numbered or dated items a list below the main block
// needs to be taken into it.
const listMin = 3

// listAfter returns the end of the main block grown over a numbered or
// dated list right below it (tour dates, a calendar, a ranked list of
// products): lines that each start with a number, a date or a bullet, with
// at most one other line between two of them and one heading line above
// the first, and no noise evidence beyond their shape; after a line ending
// in a colon, lines that start in lower case are items too. Such items score as
// short fragments one by one, so the block would otherwise stop above them.
func (s *scan) listAfter(end int) int {
	n := len(s.lines)
	soft := func(k int) bool {
		ls := &s.lines[k]
		return !ls.marker && !ls.hard && ls.score1 > blockMin
	}
	j := end + 1
	if j < n && soft(j) && !s.listItem(j) {
		j++ // a heading above the list
	}
	// After a line ending in a colon, items may also go on with its
	// sentence in lower case ("You will need:" / "two eggs").
	colon := s.lines[j-1].f[rules.FEndsColon] == 1
	items, last, gap := 0, end, 0
	for k := j; k < n && soft(k); k++ {
		if s.listItem(k) || (colon && startsLower(s.lines[k].text)) {
			items, last, gap = items+1, k, 0
			continue
		}
		if items == 0 {
			break
		}
		if gap++; gap > 1 {
			break
		}
	}
	if items < listMin {
		return s.tightListAfter(end)
	}
	return last
}

// tightMax is the most items a list without numbers or bullets below the
// main block may have: a longer run of short lines is a menu.
const tightMax = 15

// tightListAfter returns the end of the main block grown over a list that
// the block's last line, ending in a colon, introduces: lines that follow
// each other without the blank line that separates paragraphs (innerText
// puts none between the items of a list), at least listMin, with no noise
// evidence beyond their shape, at most tightMax, and a blank line after
// the last.
func (s *scan) tightListAfter(end int) int {
	n := len(s.lines)
	if s.lines[end].f[rules.FEndsColon] == 0 {
		return end
	}
	items, last := 0, end
	for k := end + 1; k < n; k++ {
		ls := &s.lines[k]
		if items > 0 && ls.f[rules.FBlankBefore] == 1 {
			break
		}
		if ls.marker || ls.hard || ls.score1 <= blockMin || items == tightMax {
			return end
		}
		items, last = items+1, k
	}
	if items < listMin || last+1 >= n {
		return end
	}
	return last
}

// startsLower reports whether t starts with a lower-case letter.
func startsLower(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsLower(r)
}

// listItem reports whether line k starts like the item of a numbered or
// dated list: one of its first two words starts with a digit, or it starts
// with a bullet.
func (s *scan) listItem(k int) bool {
	t := s.lines[k].text
	r, _ := utf8.DecodeRuneInString(t)
	if strings.ContainsRune("•·*–-▪►✓", r) {
		return true
	}
	words, inWord := 0, false
	for _, r := range t {
		if unicode.IsSpace(r) {
			inWord = false
			continue
		}
		if !inWord {
			if unicode.IsDigit(r) {
				return true
			}
			if words++; words >= 2 {
				return false
			}
			inWord = true
		}
	}
	return false
}

// tailWords is the fewest words of a paragraph that keeps the lines after
// an end-of-article marker inside the main block (see cutAtMarker).
const tailWords = 15

// cutAtMarker returns the end of the main block cut before the first
// end-of-article marker inside it when no line after the marker is a
// sentence of tailWords or more: a list of headlines below a "more
// stories" heading can sum up to a positive score line by line, but it is
// not the article. Where the article goes on below a box of links, its
// paragraphs keep the block whole.
func (s *scan) cutAtMarker(start, end int) int {
	m := -1
	for i := start + 1; i <= end; i++ {
		if s.lines[i].marker {
			m = i
			break
		}
	}
	if m < 0 {
		return end
	}
	// Paragraphs below the marker keep the block going (the story goes on
	// below a box set into it), unless they are the summaries of a list of
	// teasers below a related-stories heading.
	if !s.lines[m].related || s.teaserPairs(m+1, end) < teaserPairsMin {
		for i := m + 1; i <= end; i++ {
			if s.sentences(i) {
				return end
			}
		}
	}
	if i := s.textAbove(m, start); i >= 0 {
		return i
	}
	return end
}

// teaserPairsMin is how many headlines, each over a one-paragraph summary,
// make a list of teasers below a related-stories heading (see teaserPairs).
const teaserPairsMin = 2

// teaserPairs counts the pairs of a headline-shaped line over a paragraph of
// sentences that follow each other from line i up to line end: below a
// related-stories heading ("Mehr zum Thema"), the teasers of other stories,
// each a headline and its summary. An article's paragraphs under their
// subheadings come more than one to a subheading.
func (s *scan) teaserPairs(i, end int) int {
	k := 0
	for ; i+1 <= end && s.headlineLike(i) && s.sentences(i+1); i += 2 {
		if i+2 <= end && s.sentences(i+2) {
			return 0 // a subheading over paragraphs
		}
		k++
	}
	return k
}

// sentences reports whether line i is a paragraph of sentences: tailWords
// words or more, ending a sentence, with a positive first-pass score.
func (s *scan) sentences(i int) bool {
	ls := &s.lines[i]
	return ls.score1 > 0 && ls.f[rules.FWords] >= tailWords && ls.f[rules.FTerminalPunct] == 1
}

// textAbove returns the last line above line i, and below line start,
// with a positive first-pass score, or -1: where the block ends when it is
// cut at line i.
func (s *scan) textAbove(i, start int) int {
	for k := i - 1; k > start; k-- {
		if s.lines[k].score1 > 0 {
			return k
		}
	}
	return -1
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

// resumes reports whether the article goes on at line i after an
// end-of-article marker inside the main block: line i and the next are
// both paragraphs of sentences (tailWords words or more, ending a
// sentence). A "Related" box in the middle of a story has headlines below
// its heading, and then the story's paragraphs again.
func (s *scan) resumes(i int) bool {
	for _, j := range [2]int{i, i + 1} {
		if s.lines[j].marker || !s.sentences(j) {
			return false
		}
	}
	return true
}

// pictureOnly reports whether a line's noise evidence beyond its shape is
// only that of a picture (a caption or an image credit): what stands
// between an article's lead and its body without ending the text.
func pictureOnly(ls *lineState) bool {
	for _, h := range ls.hits {
		if h.Rule.Label != rules.Noise || shapeRule(h.Rule) {
			continue
		}
		if h.Rule.Category != "caption" {
			return false
		}
	}
	return true
}

// leadWindow is how many lines above the main block a paragraph may stand
// and still start it (see leadBefore).
const leadWindow = 20

// leadBefore returns the start of the main block moved up to the farthest
// paragraph (a line of sentences with a clear first-pass score) at most
// leadWindow lines above it, when no end-of-article marker and no line with
// noise evidence beyond its shape stands between: a short article's lead, an
// abstract or the first paragraph of a post sits above a picture, a box of
// facts or a few lines of code, whose short lines outweigh one paragraph in
// the span's sum.
func (s *scan) leadBefore(start int) int {
	best := start
	for k := start - 1; k >= 0 && k >= start-leadWindow; k-- {
		ls := &s.lines[k]
		if ls.marker || (ls.hard && ls.score1 < 0 && !pictureOnly(ls)) {
			break
		}
		if ls.score1 >= 2.5 && ls.f[rules.FWords] >= 15 && ls.f[rules.FTerminalPunct] == 1 {
			best = k
		}
	}
	return best
}

// Where an article goes on past a code listing, a gallery or a table, the
// short lines between score the block to an end before them; the text on
// the other side is a second span of its own. sideShare is the share of the
// main block's sum that such a span must hold, sideMin the sum (about three
// paragraphs).
const (
	sideShare = 0.3
	sideMin   = 10.0
)

// spanBelow returns the end of the main block grown over the best span
// between its end and the next end-of-article marker (or the page's end)
// when that span sums to at least sideShare of the block's sum and to
// sideMin: the article goes on there. Teasers and comments sum to less,
// or stand below a marker.
func (s *scan) spanBelow(best float64, end int) int {
	n := len(s.lines)
	m := n
	for i := end + 1; i < n; i++ {
		if s.lines[i].marker {
			m = i
			break
		}
	}
	b, st, en := s.maxSpanFrom(end+1, m)
	if st < 0 || b < sideShare*best || b < sideMin {
		return end
	}
	return en
}

// spanAbove returns the start of the main block moved up to the best span
// between the last end-of-article marker above it (or the page's start)
// and its start, under the same terms as spanBelow: the article's first
// part above a box of facts, a table or a listing.
func (s *scan) spanAbove(best float64, start int) int {
	from := 0
	for i := start - 1; i >= 0; i-- {
		if s.lines[i].marker {
			from = i + 1
			break
		}
	}
	b, st, _ := s.maxSpanFrom(from, start)
	if st < 0 || b < sideShare*best || b < sideMin {
		return start
	}
	return st
}

// aboutPrefixes open a heading over a note on the author ("About Jane
// Doe", "Über den Autor"), in folded form.
var aboutPrefixes = []string{"about ", "über ", "uber ", "sobre ", "à propos de ", "a propos de ", "acerca de ", "informazioni su ", "o "}

// aboutAuthorWords are what follows the prefix in a heading that names no
// one ("About the author", "Über die Autorin"), in folded form.
var aboutAuthorWords = []string{"the author", "the authors", "the writer", "den autor", "die autorin", "die autoren", "o autor", "a autora", "el autor", "la autora", "l auteur", "l autrice", "l autore", "autorze", "autorce"}

// bioTail is the most non-blank lines a note on the author below its
// heading may take up at the end of the main block.
const bioTail = 3

// aboutAuthor returns the line of a heading over a note on the author
// among the last lines of the block [start, end], or -1: "About the
// author" and its like, or "About" with a name of two to four capitalised
// words that the next line repeats ("About Jane Doe" above "Jane Doe is a
// reporter …", "Über Max Muster" above "Als Redakteur schreibt Max Muster
// …"). At most bioTail lines may follow it in the block.
func (s *scan) aboutAuthor(start, end int) int {
	for h := end - 1; h > start && h >= end-bioTail; h-- {
		ls := &s.lines[h]
		w := ls.f[rules.FWords]
		if w < 2 || w > 6 || ls.f[rules.FTerminalPunct] == 1 {
			continue
		}
		rest, pre := "", ""
		for _, p := range aboutPrefixes {
			if strings.HasPrefix(ls.folded, p) {
				rest, pre = ls.folded[len(p):], p
				break
			}
		}
		if rest == "" {
			continue
		}
		for _, a := range aboutAuthorWords {
			if rest == a {
				return h
			}
		}
		// A name: the words after the prefix are capitalised in the text,
		// and the last one comes back in the next line. (Polish "O" opens
		// too many sentences to stand before a name.)
		if pre == "o " {
			continue
		}
		words := strings.Fields(ls.text)
		np := len(strings.Fields(ls.folded)) - len(strings.Fields(rest))
		if np < 1 || np >= len(words) || len(words)-np < 2 || len(words)-np > 4 {
			continue
		}
		name := true
		for _, wd := range words[np:] {
			r, _ := utf8.DecodeRuneInString(wd)
			if !unicode.IsUpper(r) {
				name = false
				break
			}
		}
		last := words[len(words)-1]
		if name && utf8.RuneCountInString(last) >= 3 && strings.Contains(s.lines[h+1].text, last) {
			return h
		}
	}
	return -1
}

// boxLines is the most lines of an advertisement label or a box of related
// links that may part the main block from a paragraph that resumes it.
const boxLines = 2

// resumeBelow returns the end of the main block grown over the paragraphs
// right below a box of at most boxLines lines that the page set into the
// article and that parts them from the block's end: an advertisement label
// ("Advertisement" over a video), a related-links box ("Related Links" or
// "Lesen Sie auch" over the one headline it links, "Read more: …" with the
// headline on its line), or a picture's caption with its credit ("… Foto:
// Kay Nietfeld/dpa"). Each paragraph is a line of sentences of tailWords or
// more with a positive first-pass score. Other short lines with noise
// evidence may stand in the box, as they may between the paragraphs of the
// block.
func (s *scan) resumeBelow(end int) int {
	n := len(s.lines)
	j, box, linked := end+1, false, false
	for ; j < n && j <= end+boxLines; j++ {
		ls := &s.lines[j]
		caption := ls.score1 < 0 && hasCategory(ls, "caption") && pictureOnly(ls)
		// The headline a related-links heading links to, on the line below
		// it or after it on its line ("Read more: What the sanctions mean").
		link := j > end+1 && s.lines[j-1].related && ls.score1 <= 0 && s.headlineLike(j) ||
			hasCategory(ls, "related") && ls.score1 < 0 && ls.f[rules.FWords] <= 16
		linked = linked || link
		if !caption && !link && (ls.f[rules.FWords] > 6 || ls.score1 >= 0) {
			break
		}
		if ls.marker && !ls.related {
			return end
		}
		if ls.related || caption || link || hasCategory(ls, "advertising") {
			box = true
		}
	}
	if !box || j == end+1 {
		return end
	}
	e := end
	for ; j < n && !s.lines[j].marker && s.sentences(j); j++ {
		e = j
	}
	// Below a related-links heading, a headline and its summary followed by
	// another headline and summary are a list of teasers, not the article:
	// the linked headline and the paragraph below the box are the first pair.
	if linked && e > end && s.teaserPairs(e+1, n-1) >= teaserPairsMin-1 {
		return end
	}
	return e
}

// hasCategory reports whether a first-pass rule of category cat fired on ls.
func hasCategory(ls *lineState, cat string) bool {
	for _, h := range ls.hits {
		if h.Rule.Category == cat {
			return true
		}
	}
	return false
}

// stepsWindow is how many lines below a recipe's ingredient list its first
// numbered step may stand (a servings box, a heading, a print button).
const stepsWindow = 12

// stepsAfter returns the end of the main block grown over a recipe's
// numbered steps when the block ends in an ingredient list: the first step
// ("1.", "Schritt 1") within stepsWindow lines below it, with no
// end-of-article marker between, and the labels and instruction lines that
// follow it. A recipe of one or two steps makes no run of numbered units,
// and the noise between the list and the steps cuts the steps off.
func (s *scan) stepsAfter(end int) int {
	n := len(s.lines)
	if s.lines[end].f[rules.FIngredientList] == 0 {
		return end
	}
	first := -1
	for k := end + 1; k < n && k <= end+stepsWindow; k++ {
		if s.lines[k].marker {
			return end
		}
		if stepLabel(s.lines[k].text) == 1 {
			first = k
			break
		}
	}
	if first < 0 {
		return end
	}
	last, next := end, 2
	for k := first + 1; k < n; k++ {
		ls := &s.lines[k]
		if ls.marker {
			break
		}
		if stepLabel(ls.text) == next {
			next++
			continue
		}
		if ls.score1 > 0 && ls.f[rules.FWords] >= 5 {
			last = k
			continue
		}
		break
	}
	return last
}

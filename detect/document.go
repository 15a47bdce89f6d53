package detect

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newslint/newslint/lang"
	"github.com/newslint/newslint/rules"
)

// DocFinding is a problem of a page as a whole, found by a document rule:
// a cut-off article, an error page in place of the article, too little
// text, a missing headline, repeated paragraphs, the wrong language.
type DocFinding struct {
	Rule *rules.Rule
	// Line is the 1-based page line where the problem shows (the last line
	// of a cut-off article, the repeated paragraph); 0 for an empty page.
	Line int
	// Message says what is wrong, for people.
	Message string
}

// docRule is a document rule with its phrases ready to match lines.
type docRule struct {
	rule    *rules.Rule
	phrases phraseIndex
	index   int // the rule's index in Engine.index
}

func newDocRule(r *rules.Rule) docRule {
	return docRule{rule: r, phrases: buildPhraseIndex([]*rules.Rule{r})}
}

// documents runs the document rules on the labelled page.
func (s *scan) documents() []DocFinding {
	var out []DocFinding
	for k := range s.e.docs {
		d := &s.e.docs[k]
		r := d.rule
		if s.opt.Disabled[r.ID] || !s.langOK(r) || (!s.opt.anySite && !r.AppliesToSite(s.p.Meta.Site)) {
			continue
		}
		report := func(i int, format string, args ...any) {
			line := 0
			if i >= 0 && i < len(s.lines) {
				line = s.lines[i].num
			}
			out = append(out, DocFinding{Rule: r, Line: line, Message: fmt.Sprintf(format, args...)})
		}
		switch r.Check {
		case rules.CheckTruncated:
			s.truncated(d, report)
		case rules.CheckCutOff:
			s.cutOff(d, report)
		case rules.CheckNotArticle:
			s.notArticle(d, report)
		case rules.CheckTooLittleText:
			s.tooLittleText(r, report)
		case rules.CheckNoHeadline:
			s.noHeadline(r, report)
		case rules.CheckDuplicateText:
			s.duplicateText(r, report)
		case rules.CheckLanguage:
			s.language(r, report)
		case rules.CheckUncertain:
			if reason, at := s.uncertainty(r); reason != "" {
				report(at, "%s", reason)
			}
		}
	}
	return out
}

// reportFunc records a finding on line index i (-1: the page).
type reportFunc func(i int, format string, args ...any)

// article returns the indexes of the lines labelled content, and the
// number of words in them and in the title lines.
func (s *scan) article() (content []int, words int) {
	for i := range s.lines {
		switch s.lines[i].label {
		case rules.Content:
			content = append(content, i)
			words += int(s.lines[i].f[rules.FWords])
		case rules.Title:
			words += int(s.lines[i].f[rules.FWords])
		}
	}
	return content, words
}

// evidence reports whether line i is one a document rule looks for: its
// patterns or phrases match it, or a rule of one of its categories fired
// on it.
func (s *scan) evidence(d *docRule, i int) bool {
	ls := &s.lines[i]
	for _, c := range d.rule.Params.List("categories") {
		for _, h := range ls.hits {
			if h.Rule.Label == rules.Noise && h.Rule.Category == c {
				return true
			}
		}
		for _, f := range s.lineFlags(i) {
			if f.rule.Category == c {
				return true
			}
		}
	}
	if len(d.rule.Patterns) > 0 && s.matchPatterns(i, d.rule, d.index) {
		return true
	}
	if len(d.rule.Phrases) > 0 {
		var fired [4]int32
		got, _ := d.phrases.match(s.paddedLine(i), fired[:0], nil)
		return len(got) > 0
	}
	return false
}

// lastArticleLine returns the index of the article's last line: the last
// content line inside the main block, else the last content line; -1 when
// no line is content.
func (s *scan) lastArticleLine() int {
	last := -1
	for i := len(s.lines) - 1; i >= 0; i-- {
		ls := &s.lines[i]
		if ls.label != rules.Content {
			continue
		}
		if ls.f[rules.FBlock] == 1 {
			return i
		}
		if last < 0 {
			last = i
		}
	}
	return last
}

// truncated: the article's last line ends with an ellipsis, mid-sentence,
// or is (or is followed by) a read-more line; or the line after it is a
// long line cut off with an ellipsis (which the teaser rules make noise).
func (s *scan) truncated(d *docRule, report reportFunc) {
	last := s.lastArticleLine()
	if last < 0 {
		return
	}
	minWords := d.rule.Params.Num("min-words")
	ls := &s.lines[last]
	switch {
	case s.evidence(d, last):
		report(last, "the article ends with a read-more link: %s", tail(ls.text))
		return
	case ls.f[rules.FEndsEllipsis] == 1:
		report(last, "the article ends with an ellipsis: %s", tail(ls.text))
		return
	case ls.f[rules.FWords] >= minWords && s.midSentence(ls):
		report(last, "the article ends mid-sentence: %s", tail(ls.text))
		return
	}
	if next := last + 1; next < len(s.lines) {
		n := &s.lines[next]
		switch {
		case s.evidence(d, next):
			report(next, "the article ends with a read-more link: %s", tail(n.text))
		case n.f[rules.FEndsEllipsis] == 1 && n.f[rules.FWords] >= minWords && n.f[rules.FTeaserUnit] == 0:
			report(next, "the article's last paragraph is cut off with an ellipsis: %s", tail(n.text))
		}
	}
}

// midSentence reports whether a line stops where a sentence cannot end: on
// a comma, semicolon or dash, or on an article, preposition or conjunction
// ("den", "the", "und"). A colon is not enough: it introduces a list, a
// quote or a video that the page has and the rules drop.
func (s *scan) midSentence(ls *lineState) bool {
	if ls.f[rules.FTerminalPunct] == 1 || ls.f[rules.FEndsEllipsis] == 1 {
		return false
	}
	t := strings.TrimRightFunc(ls.text, unicode.IsSpace)
	r, _ := utf8.DecodeLastRuneInString(t)
	switch {
	case strings.ContainsRune(",;-–—", r):
		return true
	case !unicode.IsLower(r):
		return false // a closing bracket or quote, a digit, a name: "(dpa)", "2024", "AI"
	}
	last := ls.folded[strings.LastIndexByte(ls.folded, ' ')+1:]
	return slices.Contains(strings.Fields(cannotEnd[s.lang]), last)
}

// cannotEnd lists, per language, words a sentence does not end on:
// articles, prepositions, conjunctions. Text cut off at a length limit
// stops on one of them about every other time; finished text hardly ever.
var cannotEnd = map[string]string{
	"de": "der die das den dem des ein eine einen einem einer eines und oder aber sondern denn mit von vom zu zum zur im in ins an am auf für über unter bei beim nach aus vor durch gegen ohne um als wie dass weil wenn ob seit bis",
	"en": "the a an and or but nor of to in on at for with from by as than that which whose into onto about between",
	"fr": "le la les un une des du de et ou mais à au aux en dans sur pour par avec que qui dont",
	"es": "el la los las un una unos unas y o pero de del a al en con por para que",
	"it": "il lo la i gli le un una uno e o ma di del della dei delle a al alla in nel nella con per che",
	"nl": "de het een en of maar van te in op voor met dat die naar",
	"pl": "i oraz lub ale w we z ze na do od o po przez dla że",
	"pt": "o a os as um uma e ou mas de do da dos das em no na com por para que",
}

// cutOff: a wall (paywall, login) stands within a few lines after the
// article's last content line.
func (s *scan) cutOff(d *docRule, report reportFunc) {
	last := s.lastArticleLine()
	if last < 0 {
		return
	}
	within := int(d.rule.Params.Num("within"))
	for i := max(0, last-within+1); i < len(s.lines) && i <= last+within; i++ {
		if s.evidence(d, i) {
			report(i, "the article is cut off by a wall: %s", head(s.lines[i].text))
			return
		}
	}
}

// notArticle: an error, consent or JavaScript notice on a page with hardly
// any article text.
func (s *scan) notArticle(d *docRule, report reportFunc) {
	// The page is reported when some line is evidence and the article
	// lines that are not evidence hold fewer than max-words words. Most
	// pages are articles: the evidence test (patterns over long lines) runs
	// on the longest article lines first, and stops as soon as the
	// evidence could no longer leave fewer than max-words words.
	maxWords := d.rule.Params.Num("max-words")
	total := 0.0
	var article []int
	for i := range s.lines {
		if l := s.lines[i].label; l == rules.Content || l == rules.Title {
			total += s.lines[i].f[rules.FWords]
			article = append(article, i)
		}
	}
	// tested[i]: 0 untested, else 1 + whether line i is evidence.
	tested := s.scratch.tested[:0]
	if cap(tested) < len(s.lines) {
		tested = make([]uint8, 0, len(s.lines))
	}
	tested = tested[:len(s.lines)]
	clear(tested)
	s.scratch.tested = tested
	evidence := func(i int) bool {
		if tested[i] == 0 {
			tested[i] = 1
			if s.evidence(d, i) {
				tested[i] = 2
			}
		}
		return tested[i] == 2
	}
	if total >= maxWords {
		slices.SortStableFunc(article, func(a, b int) int {
			return cmp.Compare(s.lines[b].f[rules.FWords], s.lines[a].f[rules.FWords])
		})
		inEvidence, untested := 0.0, total
		for _, i := range article {
			if total-inEvidence-untested >= maxWords {
				return // even if all untested lines were evidence, too many words remain
			}
			w := s.lines[i].f[rules.FWords]
			untested -= w
			if evidence(i) {
				inEvidence += w
			}
		}
		if total-inEvidence >= maxWords {
			return
		}
	}
	for i := range s.lines {
		if !evidence(i) {
			continue
		}
		words := 0
		for _, j := range article {
			if !evidence(j) {
				words += int(s.lines[j].f[rules.FWords])
			}
		}
		if float64(words) < maxWords {
			report(i, "the page is not an article (%d words of article text): %s", words, head(s.lines[i].text))
		}
		return
	}
}

// tooLittleText: fewer content words or lines than the minimum.
func (s *scan) tooLittleText(r *rules.Rule, report reportFunc) {
	content, _ := s.article()
	words := 0
	for _, i := range content {
		words += int(s.lines[i].f[rules.FWords])
	}
	minWords, minLines := int(r.Params.Num("min-words")), int(r.Params.Num("min-lines"))
	if words >= minWords && len(content) >= minLines {
		return
	}
	at := 0
	if len(content) > 0 {
		at = content[0]
	}
	if len(s.lines) == 0 {
		at = -1
	}
	switch {
	case len(content) == 0:
		report(at, "no article text: no line is content")
	case words < minWords:
		report(at, "too little article text: %d words, fewer than the minimum %d", words, minWords)
	default:
		report(at, "too little article text: %d content lines, fewer than the minimum %d", len(content), minLines)
	}
}

// noHeadline: an article (enough content words) without a title line, on
// a page whose input gave no title either.
func (s *scan) noHeadline(r *rules.Rule, report reportFunc) {
	if strings.TrimSpace(s.p.Meta.Title) != "" {
		return
	}
	content, _ := s.article()
	words := 0
	for _, i := range content {
		words += int(s.lines[i].f[rules.FWords])
	}
	if len(content) == 0 || float64(words) < r.Params.Num("min-words") {
		return
	}
	for i := range s.lines {
		if s.lines[i].label == rules.Title {
			return
		}
	}
	report(content[0], "no headline: no line above the article is labelled title")
}

// duplicateText: paragraphs the cleaned text would hold twice (both
// copies kept); when they make up much of the article, its body was
// scraped twice. Copies the rules drop (a teaser repeating the headline)
// do no harm and are not reported.
func (s *scan) duplicateText(r *rules.Rule, report reportFunc) {
	minChars := r.Params.Num("min-chars")
	first := map[string]int{}
	reported := map[string]bool{}
	type repeat struct{ at, of int }
	var reps []repeat
	total, repeated := 0.0, 0.0
	for i := range s.lines {
		ls := &s.lines[i]
		if ls.label != rules.Content && ls.label != rules.Title {
			continue
		}
		total += ls.f[rules.FChars]
		if ls.f[rules.FChars] < minChars || ls.folded == "" {
			continue
		}
		j, seen := first[ls.folded]
		if !seen {
			first[ls.folded] = i
			continue
		}
		repeated += ls.f[rules.FChars]
		if !reported[ls.folded] {
			reported[ls.folded] = true
			reps = append(reps, repeat{i, j})
		}
	}
	if len(reps) == 0 {
		return
	}
	if len(reps) >= 2 && repeated/total >= r.Params.Num("body-share") {
		report(reps[0].at, "the article text is there twice: %d paragraphs (%.0f%% of the kept text) repeat lines %d-%d",
			len(reps), 100*repeated/total, s.lines[reps[0].of].num, s.lines[reps[len(reps)-1].of].num)
		return
	}
	for _, rp := range reps {
		report(rp.at, "paragraph repeats line %d: %s", s.lines[rp.of].num, head(s.lines[rp.at].text))
	}
}

// language: the page's text is in another language than expected (the
// rule's params: expect, else the language the input declares).
func (s *scan) language(r *rules.Rule, report reportFunc) {
	expect := r.Params.List("expect")
	if len(expect) == 0 && s.p.Meta.Lang != "" {
		expect = []string{strings.ToLower(s.p.Meta.Lang)}
	}
	if len(expect) == 0 {
		return
	}
	// All lines vote, long ones above all (see lang.Detector): when the
	// input declares the wrong language, the stopword features see little
	// article text, and the labels cannot be trusted.
	var d lang.Detector
	first, words := -1, 0.0
	for i := range s.lines {
		ls := &s.lines[i]
		d.Add(ls.text)
		if ls.f[rules.FWords] >= 8 {
			words += ls.f[rules.FWords]
			if first < 0 {
				first = i
			}
		}
	}
	if words < r.Params.Num("min-words") {
		return
	}
	got, conf := d.Result()
	if got == "" || conf < r.Params.Num("min-confidence") || slices.Contains(expect, string(got)) {
		return
	}
	report(first, "the article is in %s (confidence %.2f), expected %s", got, conf, strings.Join(expect, " or "))
}

// head is the start of a line for a message, cut to about 40 characters.
func head(t string) string {
	if utf8.RuneCountInString(t) > 40 { // no []rune copy: t may be 100 MB
		n := 0
		for i := range t {
			if n == 39 {
				return t[:i] + "…"
			}
			n++
		}
	}
	return t
}

// tail is the end of a line, where a cut shows, for a message.
func tail(t string) string {
	if utf8.RuneCountInString(t) > 40 { // no []rune copy: t may be 100 MB
		i := len(t)
		for range 39 {
			_, size := utf8.DecodeLastRuneInString(t[:i])
			i -= size
		}
		return "…" + t[i:]
	}
	return t
}

// sentenceWords is the fewest words of a line that uncertainty counts as
// a sentence of text (with a sentence end).
const sentenceWords = 10

// isSentence reports whether line i reads as a sentence of text.
func (s *scan) isSentence(i int) bool {
	f := &s.lines[i].f
	return f[rules.FWords] >= sentenceWords && f[rules.FTerminalPunct] == 1
}

// uncertainty says why the decoded reading of the page is in doubt, under
// the parameters of an article-uncertain rule, or "": the article keeps
// less than min-share of the page's sentence words (and the page has
// min-words of them), or a rival article (see scan.rival) with more
// sentence words than the decoded one scores within margin of it.
func (s *scan) uncertainty(r *rules.Rule) (reason string, at int) {
	var total, kept, article int
	for i := range s.lines {
		if !s.isSentence(i) {
			continue
		}
		w := int(s.lines[i].f[rules.FWords])
		total += w
		if s.lines[i].label == rules.Content {
			kept += w
		}
		if s.lines[i].state == StArticle {
			article += w
		}
	}
	if total >= int(r.Params.Num("min-words")) && float64(kept) < r.Params.Num("min-share")*float64(total) {
		at = -1
		for i := range s.lines {
			if s.isSentence(i) && s.lines[i].label != rules.Content {
				at = i
				break
			}
		}
		return fmt.Sprintf("the article keeps %d of the page's %d words of sentences; clean keeps the page whole", kept, total), at
	}
	if rival, margin := s.rivalReading(); len(rival) > 0 && margin < r.Params.Num("margin") {
		rw := 0
		for _, i := range rival {
			if s.isSentence(i) {
				rw += int(s.lines[i].f[rules.FWords])
			}
		}
		if rw > article {
			return fmt.Sprintf("a rival article at lines %d-%d (%d words of sentences) scores within %.2f of the one decoded (%d words); clean keeps the page whole",
				s.lines[rival[0]].num, s.lines[rival[len(rival)-1]].num, rw, margin, article), rival[0]
		}
	}
	return "", -1
}

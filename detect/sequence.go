package detect

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newslint/newslint/rules"
)

// Units: a live ticker puts the minute above each entry ("79'"), a recipe
// or a how-to numbers its steps ("3 von 17", "Schritt 3"), a product
// round-up repeats a label with each entry ("Price: $40"), a forum thread
// numbers its posts ("#12"). The short lines of such units are noise, but
// a run of them, in order with text between them, is one stretch of the
// text: the unit-run feature marks its lines, which the article's
// decoder then keeps together (a rule gives the feature its weight).
const (
	// seqMin is how many different numbers in order make a run.
	seqMin = 3
	// seqGap is how many lines may separate two labels of one run.
	seqGap = 8
	// seqWords is the most words of a line of a post's header.
	seqWords = 4
)

// stepWords are words that may stand before a step number.
var stepWords = []string{"schritt", "step", "étape", "etape", "paso", "passo", "krok", "stap"}

// stepLabel parses a line that is only a unit number: "79'", "45’",
// "90+3'", "3.", "3)", "3 von 17", "3/17", "3 of 17", "Schritt 3". It
// returns the number, or -1.
func stepLabel(t string) int {
	if len(t) > 24 || t == "" {
		return -1
	}
	// Only a digit or the first letter of a step word can start a label:
	// the other short lines are let go before they are lower-cased.
	if c := t[0] | 0x20; !(t[0] >= '0' && t[0] <= '9') && c != 's' && c != 'e' && c != 'p' && c != 'k' && t[0] < 0x80 {
		return -1
	}
	t = strings.ToLower(t)
	for _, w := range stepWords {
		if r, ok := strings.CutPrefix(t, w); ok {
			t = strings.TrimLeft(r, " :")
			break
		}
	}
	n, rest, ok := leadNumber(t, 3)
	if !ok {
		return -1
	}
	if r, ok := strings.CutPrefix(rest, "+"); ok { // added time: 90+3'
		if _, rest, ok = leadNumber(r, 2); !ok {
			return -1
		}
	}
	for _, suf := range []string{"'", "’", "′", ".", ")", ":"} {
		if r, ok := strings.CutPrefix(rest, suf); ok {
			rest = r
			break
		}
	}
	rest = strings.TrimSpace(rest)
	if rest == "" {
		return n
	}
	for _, of := range []string{"von", "of", "/", "de", "di", "sur", "van", "z"} {
		if r, ok := strings.CutPrefix(rest, of); ok {
			r = strings.TrimSpace(r)
			if r != "" && len(r) <= 3 && strings.Trim(r, "0123456789") == "" {
				return n
			}
			return -1
		}
	}
	return -1
}

// units marks the lines inside runs of units (ls.inRun, and the unit-run
// feature).
func (s *scan) units() {
	s.numberedUnits()
	s.labelUnits()
	s.postUnits()
	for i := range s.lines {
		s.lines[i].f[rules.FUnitRun] = b2f(s.lines[i].inRun)
	}
}

// numberedUnits marks the lines inside runs of numbered units (ls.inRun).
func (s *scan) numberedUnits() {
	type label struct{ i, n int }
	var run []label
	dir := 0 // +1 ascending, -1 descending, 0 not yet known
	flush := func() {
		distinct := 0
		for k, l := range run {
			if k == 0 || l.n != run[k-1].n {
				distinct++
			}
		}
		if distinct >= seqMin {
			// The run must hold text: most labels followed by a text line.
			idx := make([]int, len(run))
			for k, l := range run {
				idx[k] = l.i
			}
			s.markUnits(idx, s.textLine)
		}
		run, dir = run[:0], 0
	}
	for i := range s.lines {
		n := stepLabel(s.lines[i].text)
		if n < 0 {
			continue
		}
		if len(run) > 0 {
			last := run[len(run)-1]
			d := 0
			switch {
			case n > last.n:
				d = 1
			case n < last.n:
				d = -1
			}
			if i-last.i > seqGap+1 || (d != 0 && dir != 0 && d != dir) {
				flush()
			} else if d != 0 {
				dir = d
			}
		}
		run = append(run, label{i, n})
	}
	flush()
}

// Label units: a product round-up or a list of places repeats a short
// label line with each entry ("See it now: Amazon", "Price: $40"), the
// entry's paragraph below it. The labels (copies of one another, so
// duplicates) cut the entries apart like the numbers of numbered units;
// a run of them with a paragraph after most is one stretch of the article.
const (
	// labelWords is the most words a label line may have.
	labelWords = 6
	// labelKeyWords is the most words before the label's colon.
	labelKeyWords = 4
)

// labelKey returns the part before the colon of a short label line
// ("see it now" for "See it now: Amazon"), lower-cased, or "".
func labelKey(ls *lineState) string {
	if ls.f[rules.FWords] > labelWords || ls.f[rules.FEndsColon] == 1 {
		return ""
	}
	k := strings.IndexByte(ls.text, ':')
	if k <= 0 || k == len(ls.text)-1 {
		return ""
	}
	key := strings.TrimSpace(ls.text[:k])
	if n := len(strings.Fields(key)); n == 0 || n > labelKeyWords {
		return ""
	}
	if r, _ := utf8.DecodeRuneInString(key); !unicode.IsLetter(r) { // a score ("3 : 1"), a time
		return ""
	}
	if strings.TrimSpace(ls.text[k+1:]) == "" {
		return ""
	}
	return strings.ToLower(key)
}

// labelUnits marks the lines inside runs of label units (ls.inRun).
func (s *scan) labelUnits() {
	byKey := map[string][]int{}
	var keys []string
	for i := range s.lines {
		k := labelKey(&s.lines[i])
		if k == "" {
			continue
		}
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], i)
	}
	for _, k := range keys {
		idx := byKey[k]
		for a := 0; a < len(idx); {
			b := a + 1
			for b < len(idx) && idx[b]-idx[b-1] <= seqGap+1 {
				b++
			}
			s.markUnits(idx[a:b], s.paragraph)
			a = b
		}
	}
}

// unitWords is the fewest words of the paragraph that follows a unit's
// label: an entry of a round-up says something about it, a teaser's
// summary is a sentence or two.
const unitWords = 30

// paragraph reports whether line j is a paragraph of text that may be an
// entry of a run of label units.
func (s *scan) paragraph(j int) bool {
	ls := &s.lines[j]
	return ls.f[rules.FWords] >= unitWords && ls.f[rules.FTerminalPunct] == 1
}

// textLine reports whether line j is text, a sentence of textWords words
// or more: what follows the label of a numbered unit.
func (s *scan) textLine(j int) bool {
	ls := &s.lines[j]
	return ls.f[rules.FWords] >= textWords && ls.f[rules.FTerminalPunct] == 1
}

// textWords is the fewest words of a sentence textLine takes for text.
const textWords = 6

// markUnits marks a run of unit labels at the given line indexes, and the
// lines up to the last unit's text, when there are at least seqMin of them
// and most are followed within two lines by a line that isText picks.
func (s *scan) markUnits(run []int, isText func(j int) bool) {
	if len(run) < seqMin {
		return
	}
	text := 0
	for _, i := range run {
		for j := i + 1; j < len(s.lines) && j <= i+2; j++ {
			if isText(j) {
				text++
				break
			}
		}
	}
	if 2*text < len(run) {
		return
	}
	end := run[len(run)-1]
	for j := end + 1; j < len(s.lines) && j <= end+seqGap; j++ {
		if isText(j) {
			end = j
			break
		}
	}
	for j := run[0]; j <= end; j++ {
		s.lines[j].inRun = true
	}
}

// Post units: a forum thread numbers its posts ("#2", "#3", …), each under
// a header of short lines (the author, a rank, a join date, a post count)
// that cut the posts apart so that no span of lines holds the thread. A run
// of such numbers, one more each time, is one stretch of the page: the
// short lines between the first post's text and the last number count as
// nothing when the main block is found, like those of numbered units.
const (
	// postGap is the most lines between two post numbers of one run.
	postGap = 80
	// postHeader is the most lines of a post header above its number.
	postHeader = 12
)

// postNumber parses a line that is only a post number ("#12"), or -1.
func postNumber(t string) int {
	if len(t) < 2 || t[0] != '#' {
		return -1
	}
	if n, rest, ok := leadNumber(t[1:], 4); ok && rest == "" {
		return n
	}
	return -1
}

// postUnits marks the lines inside runs of numbered forum posts (ls.inRun).
func (s *scan) postUnits() {
	first, last, count, prev := -1, -1, 0, -1
	flush := func() {
		if count >= seqMin {
			start := first
			// The first post's header stands above its number.
			for k := 0; k < postHeader && start > 0; k++ {
				p := &s.lines[start-1]
				if s.textLine(start-1) || p.f[rules.FWords] > seqWords {
					break
				}
				start--
			}
			for j := start; j <= last; j++ {
				s.lines[j].inRun = true
			}
		}
		first, last, count, prev = -1, -1, 0, -1
	}
	for i := range s.lines {
		n := postNumber(s.lines[i].text)
		if n < 0 {
			continue
		}
		if count > 0 && (n != prev+1 || i-last > postGap) {
			flush()
		}
		if count == 0 {
			first = i
		}
		last, prev, count = i, n, count+1
	}
	flush()
}

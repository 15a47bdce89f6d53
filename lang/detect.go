package lang

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Detection tuning. The numbers were set by hand and checked on hand-written
// sentences and on the bench pages (see detect_test.go); they are not fitted.
const (
	// longLine is the number of words from which a line counts as long.
	// When a page has enough words on long lines (minLongWords), only long
	// lines vote, so that menus, buttons and site names in another language
	// do not.
	longLine     = 8
	minLongWords = 40
	// minHits is the least weighted stopword evidence for a language, and
	// minDensity the least share of the script's words that must be
	// stopwords of it; below either the result is unknown (or the script's
	// default language, see scriptDefault).
	minHits    = 2.0
	minDensity = 0.04
	// fullEvidence is the weighted stopword evidence at which the evidence
	// part of the confidence reaches 1.
	fullEvidence = 20.0
	// kanaShare is the least share of kana among Han and kana characters
	// for Japanese rather than Chinese.
	kanaShare = 0.1
)

// scriptDefault is the language returned for a page in the script when its
// stopwords do not decide.
var scriptDefault = [numScripts]Lang{
	scriptCyrillic:   "ru",
	scriptGreek:      "el",
	scriptArabic:     "ar",
	scriptHebrew:     "he",
	scriptDevanagari: "hi",
	scriptThai:       "th",
	scriptHangul:     "ko",
}

// Detector gathers evidence about the language of one page from its text,
// given to Add in one or more pieces, and then names the language with
// Result.
//
// Each line scores every language by its stopword hits, a hit on a word that
// n languages list counting 1/n for each, and then votes for its best
// language with that language's score, so a line in one language adds
// nothing for the others and a longer list does not win by catching a few
// more words on foreign lines. Repeated lines (menus, error messages) count
// once. When the page has at least 40 words on long lines (8 words or more),
// only long lines vote, so that short menu items, buttons and site names do
// not. Scripts without a stopword list (Han, kana, Hangul, Thai) are decided
// by their share of the page's letters.
//
// The zero Detector is ready to use; Reset makes it reusable for another
// page. A Detector is not safe for concurrent use; use one per goroutine.
// Add and Result do not allocate.
type Detector struct {
	hits      [maxLists]float64 // weighted stopword hits, all lines
	longHits  [maxLists]float64 // the same, lines of at least longLine words
	lineHits  [maxLists]float64 // the same, current line
	letters   [numScripts]int   // letters per script
	words     [numScripts]int   // words per script of their first letter
	longWords [numScripts]int   // the same, long lines only
	lineWords [numScripts]int   // the same, current line
	votes     [maxLists]float64 // line votes (words of lines a list won), all lines
	longVotes [maxLists]float64 // the same, long lines only
	lineMask  uint64            // lists with hits on the current line
	seen      [seenSlots]uint64 // hashes of the lines seen, open addressing
	nseen     int               // number of used slots in seen
	buf       keyBuf            // folding buffer
}

// seenSlots is the size of the table of line hashes used to skip repeated
// lines; when it is 3/4 full, further lines are no longer checked.
const seenSlots = 1024

// Reset clears d for a new page.
func (d *Detector) Reset() { *d = Detector{} }

// Add feeds text (one line, several lines or the whole page) to d. Lines are
// split at '\n'.
func (d *Detector) Add(text string) {
	t := loadTables()
	for len(text) > 0 {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		if !markup(line) && d.firstSeen(line) {
			d.addLine(t, line)
		}
	}
}

// markup reports whether line starts with an HTML tag ("<div class=…"):
// page source that leaked into the text, whose attribute names and URLs
// are no evidence of the page's language.
func markup(line string) bool {
	line = strings.TrimLeft(line, " \t")
	if len(line) < 2 || line[0] != '<' {
		return false
	}
	c := line[1] | 0x20
	return c >= 'a' && c <= 'z' || line[1] == '/' || line[1] == '!'
}

// firstSeen reports whether d has not seen line before, and remembers it.
// Repeated lines (menus, error messages, share buttons) count once.
func (d *Detector) firstSeen(line string) bool {
	if d.nseen >= seenSlots*3/4 {
		return true
	}
	h := uint64(14695981039346656037) // FNV-1a
	for i := 0; i < len(line); i++ {
		h ^= uint64(line[i])
		h *= 1099511628211
	}
	if h == 0 {
		h = 1
	}
	for i := h % seenSlots; ; i = (i + 1) % seenSlots {
		switch d.seen[i] {
		case h:
			return false
		case 0:
			d.seen[i] = h
			d.nseen++
			return true
		}
	}
}

// AddLine adds one line (without '\n') as Add does, and appends to masks
// the stopword lists of each of its words that some list holds, as Count
// sees them: a Stopwords' CountIn of what it appended equals Count of the
// line. A repeated line, or one that starts with an HTML tag, adds no
// evidence but still gets its masks. The
// page's stopword counts thus come from the same pass over the words as
// its language.
func (d *Detector) AddLine(line string, masks []uint64) []uint64 {
	t := loadTables()
	if !markup(line) && d.firstSeen(line) {
		return d.addLineMasks(t, line, masks, true)
	}
	for i := 0; ; {
		start, end := NextWord(line, i)
		if start < 0 {
			return masks
		}
		i = end
		if _, m := lookupBoth(t, &d.buf, line[start:end]); m != 0 {
			masks = append(masks, m)
		}
	}
}

func (d *Detector) addLine(t *tables, line string) {
	d.addLineMasks(t, line, nil, false)
}

// addLineMasks adds line as evidence; with record set it also appends the
// words' Count masks to masks (see AddLine).
func (d *Detector) addLineMasks(t *tables, line string, masks []uint64, record bool) []uint64 {
	n := 0
	for i := 0; ; {
		start, end := NextWord(line, i)
		if start < 0 {
			break
		}
		i = end
		w := line[start:end]
		sc := d.countLetters(w)
		if sc == scriptOther && !record {
			continue // digits, symbols: no evidence, and no counts asked for
		}
		m, c := lookupBoth(t, &d.buf, w)
		if record && c != 0 {
			masks = append(masks, c)
		}
		if sc == scriptOther {
			continue // digits, symbols
		}
		n++
		d.lineWords[sc]++
		if m == 0 {
			continue
		}
		d.lineMask |= m
		share := 1 / float64(bits.OnesCount64(m))
		for mm := m; mm != 0; mm &= mm - 1 {
			d.lineHits[bits.TrailingZeros64(mm)] += share
		}
	}
	long := n >= longLine
	for sc, c := range d.lineWords {
		d.words[sc] += c
		if long {
			d.longWords[sc] += c
		}
		d.lineWords[sc] = 0
	}
	// The line votes for the list(s) with the most hits on it, with its
	// number of words; a tie splits the vote.
	top, ntop := 0.0, 0
	for mm := d.lineMask; mm != 0; mm &= mm - 1 {
		switch h := d.lineHits[bits.TrailingZeros64(mm)]; {
		case h > top:
			top, ntop = h, 1
		case h == top:
			ntop++
		}
	}
	vote := top / float64(max(ntop, 1))
	for mm := d.lineMask; mm != 0; mm &= mm - 1 {
		b := bits.TrailingZeros64(mm)
		h := d.lineHits[b]
		d.hits[b] += h
		if long {
			d.longHits[b] += h
		}
		if h == top {
			d.votes[b] += vote
			if long {
				d.longVotes[b] += vote
			}
		}
		d.lineHits[b] = 0
	}
	d.lineMask = 0
	return masks
}

// countLetters adds the letters of w to d.letters and returns the script of
// its first letter, or scriptOther if it has none.
func (d *Detector) countLetters(w string) script {
	first := scriptOther
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			i++
			if c >= 'A' {
				d.letters[scriptLatin]++
				if first == scriptOther {
					first = scriptLatin
				}
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(w[i:])
		i += size
		if sc := runeScript(r); sc != scriptOther {
			d.letters[sc]++
			if first == scriptOther {
				first = sc
			}
		}
	}
	return first
}

// runeScript returns the script of a letter or mark.
func runeScript(r rune) script {
	switch {
	case r < 0x250:
		if unicode.IsLetter(r) {
			return scriptLatin
		}
	case r < 0x370:
	case r < 0x400:
		return scriptGreek
	case r < 0x530:
		return scriptCyrillic
	case r >= 0x590 && r < 0x600:
		return scriptHebrew
	case r >= 0x600 && r < 0x700, r >= 0x750 && r < 0x780, r >= 0x8a0 && r < 0x900:
		return scriptArabic
	case r >= 0x900 && r < 0x980:
		return scriptDevanagari
	case r >= 0xe00 && r < 0xe80:
		return scriptThai
	case r >= 0x1100 && r < 0x1200, r >= 0x3130 && r < 0x3190, r >= 0xac00 && r < 0xd7b0:
		return scriptHangul
	case r >= 0x1e00 && r < 0x1f00:
		return scriptLatin
	case r >= 0x1f00 && r < 0x2000:
		return scriptGreek
	case r >= 0x3040 && r < 0x3100, r >= 0x31f0 && r < 0x3200, r >= 0xff66 && r < 0xffa0:
		return scriptKana
	case r >= 0x3400 && r < 0x4dc0, r >= 0x4e00 && r < 0xa000, r >= 0xf900 && r < 0xfb00, r >= 0x20000 && r < 0x30000:
		return scriptHan
	case r >= 0xfb50 && r < 0xfe00, r >= 0xfe70 && r < 0xff00:
		return scriptArabic
	case r >= 0xff21 && r < 0xff5b:
		return scriptLatin // full-width Latin
	}
	return scriptOther
}

// Result returns the language of the text added so far and a confidence from
// 0 to 1, or ("", 0) when it cannot tell. The page's main script is chosen
// first by letter count (Han, kana and Hangul characters count double). Han
// with at least 10 % kana is Japanese, otherwise Chinese; Hangul is Korean,
// Thai script Thai, each with the script's share of letters as confidence.
// For the other scripts the language with the most line votes wins; the
// confidence is its margin over the runner-up, (best − second) / best,
// scaled down when the evidence is thin (under 20 weighted stopword hits).
// The winner needs at least 2 weighted hits, and hits on at least 4 % of the
// script's words; otherwise Cyrillic gives "ru", Greek "el", Arabic "ar",
// Hebrew "he" and Devanagari "hi", with half the script's share of letters as
// confidence, and Latin gives "".
func (d *Detector) Result() (Lang, float64) {
	var weighted [numScripts]float64
	total := 0.0
	for sc, n := range d.letters {
		w := float64(n)
		switch script(sc) {
		case scriptHan, scriptKana, scriptHangul:
			w *= 2
		}
		weighted[sc] = w
		total += w
	}
	if total == 0 {
		return "", 0
	}
	cjk := weighted[scriptHan] + weighted[scriptKana]
	best := scriptOther
	for sc := scriptLatin; sc < numScripts; sc++ {
		if sc == scriptHan || sc == scriptKana {
			continue
		}
		if weighted[sc] > weighted[best] {
			best = sc
		}
	}
	if cjk > weighted[best] {
		if weighted[scriptKana] >= kanaShare*cjk {
			return "ja", cjk / total
		}
		return "zh", cjk / total
	}
	if best == scriptOther {
		return "", 0
	}
	share := weighted[best] / total
	if best == scriptThai || best == scriptHangul {
		return scriptDefault[best], share
	}

	hits, votes, words := &d.hits, &d.votes, d.words[best]
	if d.longWords[best] >= minLongWords {
		hits, votes, words = &d.longHits, &d.longVotes, d.longWords[best]
	}
	var win *Stopwords
	second := 0.0
	for _, s := range loadTables().lists {
		if s.script != best {
			continue
		}
		v := votes[s.idx]
		switch {
		case win == nil || v > votes[win.idx] || v == votes[win.idx] && hits[s.idx] > hits[win.idx]:
			if win != nil {
				second = max(second, votes[win.idx])
			}
			win = s
		case v > second:
			second = v
		}
	}
	if win == nil || votes[win.idx] == 0 || hits[win.idx] < minHits || hits[win.idx] < minDensity*float64(words) {
		if l := scriptDefault[best]; l != "" {
			return l, share / 2
		}
		return "", 0
	}
	first := votes[win.idx]
	return win.lang, (first - second) / first * min(1, hits[win.idx]/fullEvidence)
}

// Detect returns the language of text, a whole page, as a fresh Detector
// would after Add(text).
func Detect(text string) (Lang, float64) {
	var d Detector
	d.Add(text)
	return d.Result()
}

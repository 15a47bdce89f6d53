package eval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// shingleN is the shingle length used by scrapinghub's evaluate.py.
const shingleN = 4

// token is one \w+ run of a text: its bytes are text[start:end].
type token struct{ start, end int }

// isWord reports whether r matches Python's re \w on str patterns: a
// character for which str.isalnum() is true, or '_'. That is exactly the
// Unicode general categories L* and N*; combining marks (M*) are not word
// characters, so "नमस्ते" splits into tokens at its vowel signs as in Python.
func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '_' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// tokenize returns the \w+ runs of text in order.
func tokenize(text string) []token {
	var toks []token
	start := -1
	for i, r := range text {
		if isWord(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			toks = append(toks, token{start, i})
			start = -1
		}
	}
	if start >= 0 {
		toks = append(toks, token{start, len(text)})
	}
	return toks
}

// shingled is a text with its tokens and the key of each shingle in order:
// shingle i covers tokens i .. i+shingleN-1 (or all tokens when there are
// fewer than shingleN).
type shingled struct {
	text   string
	toks   []token
	keys   []string
	counts map[string]int
}

// shingle cuts text into shingles as evaluate.py's _ngrams does: for i in
// range(max(1, len(tokens)-n+1)) the tuple tokens[i:i+n], empty ones dropped.
func shingle(text string) *shingled {
	s := &shingled{text: text, toks: tokenize(text)}
	n := len(s.toks) - shingleN + 1
	if n < 1 {
		n = 1
	}
	if len(s.toks) == 0 {
		n = 0
	}
	s.keys = make([]string, n)
	s.counts = make(map[string]int, n)
	var b strings.Builder
	for i := range n {
		b.Reset()
		for j := i; j < i+shingleN && j < len(s.toks); j++ {
			if j > i {
				b.WriteByte(0) // NUL is never a word character
			}
			t := s.toks[j]
			b.WriteString(text[t.start:t.end])
		}
		k := b.String()
		s.keys[i] = k
		s.counts[k]++
	}
	return s
}

// shingleMatch returns the multiset overlap of gold and pred shingles as
// evaluate.py's string_shingle_matching does: unscaled tp, fp and fn.
func shingleMatch(gold, pred *shingled) (tp, fp, fn int) {
	for k, g := range gold.counts {
		p := pred.counts[k]
		tp += min(g, p)
		fn += max(0, g-p)
	}
	for k, p := range pred.counts {
		fp += max(0, p-gold.counts[k])
	}
	return tp, fp, fn
}

// uncovered returns the spans of s.text made of tokens that no shared
// shingle covers. The first min(count in s, count in other) occurrences of
// each shingle key in s count as shared.
func uncovered(s, other *shingled) []string {
	if len(s.toks) == 0 {
		return nil
	}
	budget := make(map[string]int, len(s.counts))
	for k, c := range s.counts {
		budget[k] = min(c, other.counts[k])
	}
	covered := make([]bool, len(s.toks))
	for i, k := range s.keys {
		if budget[k] == 0 {
			continue
		}
		budget[k]--
		for j := i; j < i+shingleN && j < len(s.toks); j++ {
			covered[j] = true
		}
	}
	var spans []string
	for i := 0; i < len(s.toks); {
		if covered[i] {
			i++
			continue
		}
		j := i
		for j+1 < len(s.toks) && !covered[j+1] {
			j++
		}
		spans = append(spans, s.text[s.toks[i].start:s.toks[j].end])
		i = j + 1
	}
	return spans
}

// scoreShingles scores every shingle-gold page against pred.
func (g *Gold) scoreShingles(pred map[string]string) Result {
	pages := make([]PageScore, 0, len(g.shingles))
	for _, id := range sortedKeys(g.shingles) {
		pages = append(pages, scoreShinglePage(id, g.shingles[id], pred[id]))
	}
	return Aggregate(Shingles, pages)
}

// scoreShinglePage scores one page against its full gold text.
func scoreShinglePage(id string, gold *shingled, text string) PageScore {
	ps := shingle(text)
	tp, fp, fn := shingleMatch(gold, ps)
	page := PageScore{ID: id, Method: Shingles, Empty: blank(text)}
	if s := float64(tp + fp + fn); s > 0 {
		page.TP, page.FP, page.FN = float64(tp)/s, float64(fp)/s, float64(fn)/s
	}
	page.P, page.R = PageRatios(page.TP, page.FP, page.FN)
	if page.P+page.R > 0 {
		page.F1 = 2 * page.P * page.R / (page.P + page.R)
	}
	page.Missed = uncovered(gold, ps)
	page.Kept = uncovered(ps, gold)
	return page
}

// Package eval measures extracted text against human gold text.
//
// Three kinds of gold are understood, each with its own scoring method:
//
//   - Shingles: the full gold text of a page (a file <id>.txt), scored the way
//     scrapinghub's article-extraction-benchmark (evaluate.py) does it. Tokens
//     are the \w+ runs of the text as Python's re module finds them (Unicode
//     letters, numbers and '_', case kept; combining marks are not word
//     characters); shingles are the overlapping 4-grams of tokens (a text of
//     one to three tokens gives one shorter shingle, no tokens gives none).
//     Per page, tp/fp/fn come from the multiset overlap of gold and predicted
//     shingles and are scaled to sum to 1. Precision is the mean over pages of
//     tp/(tp+fp) (1 when fp = fn = 0, 0 when tp = fp = 0), recall likewise
//     with fn, and F1 = 2PR/(P+R) of those means.
//   - Snippets: a page's gold is a list of snippets that must appear ("with")
//     and that must not ("without") in the output (a file <id>.json), scored
//     the way trafilatura's tests/eval_common.py does it. Output and snippets
//     have their whitespace runs collapsed to one space and are trimmed; a
//     "with" snippet found as a case-sensitive substring is a TP, else an FN;
//     a "without" snippet found is an FP, else a TN; counts are summed over
//     all pages. A "comments" list, if present, counts neither way.
//   - Labels: line labels written by users in a JSON Lines file (see
//     FORMATS.md and LoadLabels). Each labelled line whose text the output
//     keeps as a whole line is a TP if it is content and an FP if it is noise;
//     a content line not kept is an FN and a noise line not kept a TN; counts
//     are summed over all pages.
//
// Predictions are a map from page ID to the extracted text; LoadOutputDir
// and LoadReference read them from files. A gold page with no prediction
// scores as an empty output.
package eval

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// Method is a way of scoring extracted text against gold.
type Method int

const (
	// Shingles scores full gold text by 4-gram shingle overlap, macro-averaged over pages.
	Shingles Method = iota + 1
	// Snippets scores by must-have and must-not-have snippets, micro-averaged over pages.
	Snippets
	// Labels scores line-level content/noise labels, micro-averaged over pages.
	Labels
)

// String returns the method's lower-case name ("shingles", "snippets", "labels").
func (m Method) String() string {
	switch m {
	case Shingles:
		return "shingles"
	case Snippets:
		return "snippets"
	case Labels:
		return "labels"
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// PageScore is the score of one gold page.
type PageScore struct {
	// ID is the page ID (the gold file name without its extension, or the
	// "page" field of a labels file).
	ID string
	// Method is the method the page was scored with.
	Method Method
	// P, R and F1 are the page's own precision, recall and F1. A page with
	// fp = fn = 0 has P = R = F1 = 1; otherwise a zero denominator gives 0.
	P, R, F1 float64
	// TP, FP, FN and TN are the page's counts: shingle shares scaled to sum
	// to 1 for Shingles (TN is always 0), snippet or line counts otherwise.
	TP, FP, FN, TN float64
	// Empty is true when the prediction for the page was missing or blank.
	Empty bool
	// Missed lists what the output lost: for Snippets the "with" snippets
	// not found, for Labels the content lines not kept, for Shingles the
	// spans of gold text not covered by any shared shingle. Snippets and
	// lines are whitespace-collapsed; shingle spans are verbatim gold text.
	Missed []string
	// Kept lists what the output should not have had: for Snippets the
	// "without" snippets found, for Labels the noise lines kept, for
	// Shingles the spans of predicted text not covered by any shared shingle.
	Kept []string
}

// Result is the score of a whole gold set for one method.
type Result struct {
	// Method is the scoring method.
	Method Method
	// Precision, Recall and F1 are the set's scores: macro means for
	// Shingles, micro (summed counts) for Snippets and Labels.
	Precision, Recall, F1 float64
	// Pages is the number of gold pages scored.
	Pages int
	// Empty is the number of pages whose prediction was missing or blank.
	Empty int
	// TP, FP, FN and TN are the counts summed over pages (for Shingles the
	// sums of the scaled per-page shares).
	TP, FP, FN, TN float64
	// PerPage holds each page's score, sorted by ID.
	PerPage []PageScore
}

// Worst returns the n lowest-scoring pages (all pages when n <= 0), by
// ascending F1, then by descending FP+FN, then by ID.
func (r Result) Worst(n int) []PageScore {
	out := append([]PageScore(nil), r.PerPage...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.F1 != b.F1 {
			return a.F1 < b.F1
		}
		if ea, eb := a.FP+a.FN, b.FP+b.FN; ea != eb {
			return ea > eb
		}
		return a.ID < b.ID
	})
	if n > 0 && n < len(out) {
		out = out[:n]
	}
	return out
}

// Score scores pred (page ID → extracted text) against every page of the
// gold set and returns one Result per method present, in Method order.
// Predictions for pages not in the gold set are ignored; gold pages with no
// prediction score as empty output.
func (g *Gold) Score(pred map[string]string) []Result {
	var out []Result
	if len(g.shingles) > 0 {
		out = append(out, g.scoreShingles(pred))
	}
	if len(g.snippets) > 0 {
		out = append(out, g.scoreSnippets(pred))
	}
	if len(g.labels) > 0 {
		out = append(out, g.scoreLabels(pred))
	}
	return out
}

// ScorePage scores the text pred of one page against the page's gold, by
// the method Targets reads it with (full text over labels over snippets);
// ok is false when the gold holds no page id.
func (g *Gold) ScorePage(id, pred string) (ps PageScore, ok bool) {
	if s := g.shingles[id]; s != nil {
		return scoreShinglePage(id, s, pred), true
	}
	if l, found := g.labels[id]; found {
		return scoreLabelPage(id, l, pred), true
	}
	if sp := g.snippets[id]; sp != nil {
		return scoreSnippetPage(id, sp, pred), true
	}
	return PageScore{}, false
}

// Aggregate sums the scores of pages scored with method m into a Result as
// that method's scorer does: the means of the pages' precision and recall
// for Shingles (every page enters both means), summed counts for Snippets
// and Labels. A subset of a gold set's pages gives the subset's score.
func Aggregate(m Method, pages []PageScore) Result {
	res := Result{Method: m, Pages: len(pages), PerPage: pages}
	var sumP, sumR float64
	for _, p := range pages {
		res.TP += p.TP
		res.FP += p.FP
		res.FN += p.FN
		res.TN += p.TN
		sumP += p.P
		sumR += p.R
		if p.Empty {
			res.Empty++
		}
	}
	if m != Shingles {
		res.Precision, res.Recall, res.F1 = countScore(res.TP, res.FP, res.FN)
		return res
	}
	// The benchmark leaves pages with a zero denominator out of a mean, but
	// its conventions (1 when fp = fn = 0, else 0 when tp = fp = 0, likewise
	// for recall) define every page, so all pages enter both.
	if n := float64(len(pages)); n > 0 {
		res.Precision = sumP / n
		res.Recall = sumR / n
	}
	if res.Precision+res.Recall > 0 {
		res.F1 = 2 * res.Precision * res.Recall / (res.Precision + res.Recall)
	}
	return res
}

// PageRatios gives the page-level precision and recall with
// scrapinghub's conventions: 1 when fp = fn = 0, 0 when the
// numerator and the other error are both 0.
func PageRatios(tp, fp, fn float64) (p, r float64) {
	if fp == 0 && fn == 0 {
		return 1, 1
	}
	if tp+fp > 0 {
		p = tp / (tp + fp)
	}
	if tp+fn > 0 {
		r = tp / (tp + fn)
	}
	return p, r
}

// countScore gives the micro (or page) precision, recall and F1 of summed
// counts: P = TP/(TP+FP), R = TP/(TP+FN), F1 = 2TP/(2TP+FP+FN), with 0 for
// a zero denominator.
func countScore(tp, fp, fn float64) (p, r, f1 float64) {
	if tp+fp > 0 {
		p = tp / (tp + fp)
	}
	if tp+fn > 0 {
		r = tp / (tp + fn)
	}
	if d := 2*tp + fp + fn; d > 0 {
		f1 = 2 * tp / d
	}
	return p, r, f1
}

// pageCountScore is countScore for one page, where a page with nothing to
// get wrong (fp = fn = 0) scores 1 throughout.
func pageCountScore(tp, fp, fn float64) (p, r, f1 float64) {
	if fp == 0 && fn == 0 {
		return 1, 1, 1
	}
	return countScore(tp, fp, fn)
}

// isPySpace reports whether r matches Python's re \s on str patterns
// (str.isspace): Unicode White_Space plus the separators U+001C–U+001F.
func isPySpace(r rune) bool {
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}

// collapse replaces every run of whitespace (Python's \s+) with one space
// and trims the ends, as trafilatura's evaluation does.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if isPySpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// blank reports whether s holds nothing but whitespace.
func blank(s string) bool {
	for _, r := range s {
		if !isPySpace(r) {
			return false
		}
	}
	return true
}

package eval

import "strings"

// snippetPage is one page's snippet gold, whitespace-collapsed.
type snippetPage struct {
	with, without []string
}

// scoreSnippets scores every snippet-gold page against pred.
func (g *Gold) scoreSnippets(pred map[string]string) Result {
	pages := make([]PageScore, 0, len(g.snippets))
	for _, id := range sortedKeys(g.snippets) {
		pages = append(pages, scoreSnippetPage(id, g.snippets[id], pred[id]))
	}
	return Aggregate(Snippets, pages)
}

// scoreSnippetPage scores one page. An empty output (after whitespace
// collapsing) finds nothing, not even an empty snippet: every "with" is an
// FN and every "without" a TN, as trafilatura counts a failed extraction.
func scoreSnippetPage(id string, gold *snippetPage, text string) PageScore {
	out := collapse(text)
	page := PageScore{ID: id, Method: Snippets, Empty: out == ""}
	for _, s := range gold.with {
		if out != "" && strings.Contains(out, s) {
			page.TP++
		} else {
			page.FN++
			page.Missed = append(page.Missed, s)
		}
	}
	for _, s := range gold.without {
		if out != "" && strings.Contains(out, s) {
			page.FP++
			page.Kept = append(page.Kept, s)
		} else {
			page.TN++
		}
	}
	page.P, page.R, page.F1 = pageCountScore(page.TP, page.FP, page.FN)
	return page
}

// Package page holds a scraped page as newslint sees it: the lines of its
// visible text, where each line came from, and what the input format knew
// about the page (title, URL, language) and about each line (DOM features).
//
// Every input reader (plain text, HTML, JSON records) produces a Page; the
// detector scores its lines and the reports point back at Line.Source.
package page

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
)

// Page is one document to score.
type Page struct {
	// Path is the file the page was read from ("-" for stdin).
	Path string
	// Record is the 1-based line of the JSONL file (or index in a JSON array,
	// or number of the WARC record) the page came from; 0 when the file holds
	// a single page.
	Record int
	// RecordName names the record in findings when the input names records
	// by more than a number: the target URI of a WARC response, so that a
	// finding reads crawl.warc.gz#https://example.com/a:12. "" otherwise.
	RecordName string
	// Lines are the page's lines in reading order, blank lines included.
	Lines []Line
	// Meta is what the input format told us about the page besides its text.
	Meta Meta
	// Part is set on a part of a page that has more lines than a run scores
	// at once (runner.Config.MaxPageLines): the part's number, from 1, of
	// Parts. Each part is scored on its own; its Lines keep their numbers
	// in the whole page. Both are 0 for a page scored whole.
	Part, Parts int
}

// Meta is page-level evidence from the input format. Every field is optional.
type Meta struct {
	Title     string // headline as given by the input (JSON title, <title>, og:title)
	URL       string // canonical URL of the page
	Site      string // site key used for repetition statistics (host name or folder)
	Lang      string // declared language (ISO 639-1), lower case
	Byline    string // author as given by the input
	Published string // publication date as given by the input
	SiteName  string // site name as given by the input (og:site_name)
}

// Line is one line of the page's visible text.
type Line struct {
	// Text is the line without its line terminator.
	Text string
	// Num is the 1-based line number in the page text.
	Num int
	// SourceLine is the 1-based line in the input file this line came from
	// (the HTML source line of its element, the JSONL record line); 0 if unknown.
	SourceLine int
	// DOM is set when the line was rendered from HTML.
	DOM *DOM
}

// DOM holds what the HTML knew about a line.
type DOM struct {
	// LinkDensity is the share of the line's characters inside <a> elements.
	LinkDensity float64
	// Path is the element path from <body>, e.g. "body>div>article>p".
	Path string
	// Hints are class/id tokens of the line's ancestors that mark boilerplate
	// or content containers (lower case, e.g. "nav", "footer", "teaser", "article").
	Hints []string
	// Heading is 1..6 for <h1>..<h6> lines, 0 otherwise.
	Heading int
	// ListItem is true for lines inside <li>.
	ListItem bool
	// InArticle is true when the line is inside the node the readability
	// library picked as the article.
	InArticle bool
	// Caption is true inside <figcaption>, or inside <figure> but outside a
	// table, quote or listing it wraps.
	Caption bool
	// Elements are the line's element and its ancestors, outermost (<body>)
	// first, as ids unique within the page: lines whose Elements share a
	// prefix share those containers. Lines of one element share the slice.
	Elements []int32
}

// Blank reports whether a line holds only white space.
func (l Line) Blank() bool {
	for _, r := range l.Text {
		switch r {
		case ' ', '\t', '\u00a0', '\u200b', '\u3000', '\ufeff':
		default:
			return false
		}
	}
	return true
}

// Line returns the line numbered num, or nil when the page has none. Readers
// number lines one after another, so that it is an index; lines numbered
// otherwise (in order) are searched.
func (p *Page) Line(num int) *Line {
	n := len(p.Lines)
	if n == 0 {
		return nil
	}
	if i := num - p.Lines[0].Num; i >= 0 && i < n && p.Lines[i].Num == num {
		return &p.Lines[i]
	}
	i, ok := slices.BinarySearchFunc(p.Lines, num, func(l Line, num int) int { return cmp.Compare(l.Num, num) })
	if !ok {
		return nil
	}
	return &p.Lines[i]
}

// SourceLine returns the SourceLine of the line numbered num, 0 when
// unknown.
func (p *Page) SourceLine(num int) int {
	if l := p.Line(num); l != nil {
		return l.SourceLine
	}
	return 0
}

// Text joins the page's lines with "\n".
func (p *Page) Text() string {
	n := 0
	for _, l := range p.Lines {
		n += len(l.Text) + 1
	}
	b := make([]byte, 0, n)
	for i, l := range p.Lines {
		if i > 0 {
			b = append(b, '\n')
		}
		b = append(b, l.Text...)
	}
	return string(b)
}

// SiteOf returns the site key of a URL (or a bare host name): its host, lower
// case, without "www.". Pages of one site share it for repetition statistics.
// It returns "" when s names no host.
func SiteOf(s string) string {
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// LangCode returns the primary subtag of a language tag, lower case
// ("de-AT" → "de"), or "" when s is not a language tag.
func LangCode(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_,; "); i >= 0 {
		s = s[:i]
	}
	if len(s) < 2 || len(s) > 3 {
		return ""
	}
	for _, c := range s {
		if c < 'a' || c > 'z' {
			return ""
		}
	}
	return s
}

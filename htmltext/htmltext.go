// Package htmltext turns an HTML page into the lines of text a browser shows
// for it, the way document.body.innerText renders them, and keeps what the
// DOM knew about each line (page.DOM): link density, element path, class/id
// hints, headings, list items, captions, the source line, and whether the
// line is inside the article a readability library picked.
//
// Rendering follows the innerText algorithm of the HTML standard as Chromium
// implements it: block-level elements break lines (<p> leaves a blank line
// between paragraphs), <br> breaks a line, table cells are joined with tabs,
// white space collapses as CSS does (not in <pre>), and what a browser does
// not show is dropped: <head>, scripts, styles, templates, svg, iframes,
// comments, elements hidden by the hidden attribute, by aria-hidden="true"
// (unless Options.KeepAriaHidden), by display:none or visibility:hidden, closed
// <details> bodies. The page's own <style> elements are applied for the
// properties that change the text (display, visibility, text-transform,
// white-space, float, position), as a browser rendering the saved page
// without network does; external style sheets are not fetched. <noscript>
// content is kept, as a browser with scripts off shows it.
//
// Line.SourceLine is the 1-based line of the HTML source where the line's
// first non-space character is. The page's encoding is found as a browser
// does (byte order mark, HTTP charset, <meta> prescan) and any invalid byte
// becomes U+FFFD. Parse never panics, whatever the input.
package htmltext

import (
	"bytes"
	"fmt"
	"io"
	"net/url"

	"github.com/newslint/newslint/page"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Options tune Parse. The zero value renders the page without readability.
type Options struct {
	// Readability runs an ArticleFinder on the page: it sets DOM.InArticle
	// and fills Meta's title, byline, site name, date and language from it.
	// It costs several times the rendering itself.
	Readability bool
	// Finder is the ArticleFinder used when Readability is set; nil means
	// the go-readability one (Readability{}).
	Finder ArticleFinder
	// URL is the page's address, if known: it becomes Meta.URL and Meta.Site
	// and lets the finder resolve links.
	URL string
	// ContentType is the HTTP Content-Type of the page, if known; its
	// charset parameter overrides the page's own declaration.
	ContentType string
	// KeepAriaHidden renders elements with aria-hidden="true", as a
	// browser's innerText does; by default they are dropped.
	KeepAriaHidden bool
	// NoSourceLines leaves Line.SourceLine 0, sparing the pass over the
	// source that finds it (about a tenth of the time): for output that
	// does not point into the HTML, such as cleaned text.
	NoSourceLines bool
}

// Parse reads an HTML page from r and renders it into a Page; path is
// recorded as Page.Path. Only a read error from r fails it.
func Parse(path string, r io.Reader, opt Options) (*page.Page, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("htmltext: reading %s: %w", path, err)
	}
	return ParseBytes(path, src, opt), nil
}

// ParseBytes is Parse for a page held in memory; it never fails.
func ParseBytes(path string, src []byte, opt Options) *page.Page {
	text, _ := decode(src, opt.ContentType)
	doc, marked := parseTree(text, !opt.NoSourceLines)
	p := &page.Page{Path: path}

	body := findBody(doc)
	rd := &renderer{hideAriaHidden: !opt.KeepAriaHidden, sheet: collectStyles(doc)}
	if body != nil {
		rd.render(body)
	}
	if marked {
		stripMarkers(doc)
	}
	collectMeta(doc).fill(&p.Meta, opt.URL)

	if opt.Readability && body != nil && len(rd.segs) > 0 {
		finder := opt.Finder
		if finder == nil {
			finder = Readability{}
		}
		var u *url.URL
		if raw := p.Meta.URL; raw != "" {
			if pu, err := url.Parse(raw); err == nil && pu.IsAbs() {
				u = pu
			}
		}
		rd.tagFrames()
		if art := findArticle(finder, doc, u); art != nil {
			if art.Node != nil {
				rd.markArticle(art.Node)
			}
			setIf(&p.Meta.Title, art.Title)
			setIf(&p.Meta.Byline, art.Byline)
			setIf(&p.Meta.SiteName, art.SiteName)
			setIf(&p.Meta.Published, art.Published)
			if p.Meta.Lang == "" {
				p.Meta.Lang = page.LangCode(art.Lang)
			}
		}
	}
	p.Lines = rd.pageLines()
	return p
}

func setIf(dst *string, v string) {
	if v = collapse(v); v != "" {
		*dst = v
	}
}

// findArticle runs the finder, turning a panic in it into no article:
// the article is evidence, never a reason to lose the page.
func findArticle(f ArticleFinder, doc *html.Node, u *url.URL) (art *Article) {
	defer func() {
		if recover() != nil {
			art = nil
		}
	}()
	a, err := f.FindArticle(doc, u)
	if err != nil {
		return nil
	}
	return a
}

// parseTree parses the decoded page, with line markers in its text nodes
// when mark is set (marked reports whether it has them). The x/net/html
// parser refuses trees deeper than 512 elements: such a page is parsed
// again with its deepest tags dropped, then as text.
func parseTree(text []byte, mark bool) (doc *html.Node, marked bool) {
	// Text that holds the marker characters goes through markSource,
	// which scrubs them, so the renderer cannot take them for markers.
	mark = mark || hasMarkRunes(text)
	for _, depth := range []int{0, 400, 200, 50} {
		src := text
		if mark || depth > 0 {
			src = markSource(text, depth)
		}
		doc, err := html.ParseWithOptions(bytes.NewReader(src), html.ParseOptionEnableScripting(false))
		if err == nil {
			return doc, mark || depth > 0
		}
	}
	// Give up on the markup: its text, escaped, in a <pre>.
	var b bytes.Buffer
	b.WriteString("<pre>")
	z := html.NewTokenizer(bytes.NewReader(text))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt == html.TextToken {
			b.WriteString(html.EscapeString(string(z.Text())))
		}
	}
	doc, err := html.Parse(&b)
	if err != nil {
		return &html.Node{Type: html.DocumentNode}, false
	}
	return doc, false
}

// findBody returns the document's <body> (or <frameset>), or nil.
func findBody(doc *html.Node) *html.Node {
	for c := doc.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Html {
			for b := c.FirstChild; b != nil; b = b.NextSibling {
				if b.Type == html.ElementNode && (b.DataAtom == atom.Body || b.DataAtom == atom.Frameset) {
					return b
				}
			}
		}
	}
	return nil
}

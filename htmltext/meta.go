package htmltext

import (
	"strings"

	"github.com/newslint/newslint/page"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// headMeta is the page metadata the markup declares.
type headMeta struct {
	title, ogTitle, siteName, byline, published, lang, metaLang, ogLocale, canonical, ogURL string
}

// collectMeta reads <html lang>, <title>, <meta> and <link rel=canonical>
// anywhere in the document (outside svg and math).
func collectMeta(doc *html.Node) headMeta {
	var m headMeta
	for n := doc; n != nil; n = next(doc, n, n.Type == html.ElementNode && n.Namespace != "") {
		if n.Type != html.ElementNode || n.Namespace != "" {
			continue
		}
		switch n.DataAtom {
		case atom.Html:
			if m.lang == "" {
				m.lang = attr(n, "lang")
			}
			if m.lang == "" {
				m.lang = attr(n, "xml:lang")
			}
		case atom.Title:
			if m.title == "" {
				m.title = collapse(textOf(n))
			}
		case atom.Link:
			if m.canonical == "" && strings.EqualFold(strings.TrimSpace(attr(n, "rel")), "canonical") {
				m.canonical = strings.TrimSpace(attr(n, "href"))
			}
		case atom.Meta, atom.Time:
			m.meta(n)
		}
	}
	return m
}

// meta reads one <meta> (or <time itemprop=datePublished>).
func (m *headMeta) meta(n *html.Node) {
	key := strings.ToLower(strings.TrimSpace(attr(n, "property")))
	if key == "" {
		key = strings.ToLower(strings.TrimSpace(attr(n, "name")))
	}
	if key == "" {
		key = strings.ToLower(strings.TrimSpace(attr(n, "itemprop")))
	}
	if key == "" {
		if strings.EqualFold(strings.TrimSpace(attr(n, "http-equiv")), "content-language") {
			key = "content-language"
		}
	}
	val := collapse(attr(n, "content"))
	if n.DataAtom == atom.Time {
		if key != "datepublished" {
			return
		}
		val = collapse(attr(n, "datetime"))
	}
	if val == "" {
		return
	}
	set := func(dst *string) {
		if *dst == "" {
			*dst = val
		}
	}
	switch key {
	case "og:title":
		set(&m.ogTitle)
	case "og:site_name":
		set(&m.siteName)
	case "author", "article:author", "dc.creator", "dcterms.creator", "parsely-author",
		"sailthru.author", "byl", "twitter:creator":
		if !strings.Contains(val, "://") && !strings.HasPrefix(val, "@") {
			set(&m.byline)
		}
	case "article:published_time", "og:published_time", "datepublished", "date", "pubdate",
		"publishdate", "publish-date", "dc.date", "dc.date.issued", "dcterms.date",
		"dcterms.created", "dcterms.issued", "sailthru.date", "parsely-pub-date":
		set(&m.published)
	case "content-language":
		set(&m.metaLang)
	case "og:locale":
		set(&m.ogLocale)
	case "og:url":
		set(&m.ogURL)
	}
}

// next is the node after n in document order under root, skipping n's
// children when skip is set.
func next(root, n *html.Node, skip bool) *html.Node {
	if n.FirstChild != nil && !skip {
		return n.FirstChild
	}
	for n != root && n.NextSibling == nil {
		n = n.Parent
	}
	if n == root {
		return nil
	}
	return n.NextSibling
}

// textOf is the text of n's text-node descendants.
func textOf(n *html.Node) string {
	var b strings.Builder
	for c := n; c != nil; c = next(n, c, false) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// collapse collapses white space runs to one space and trims.
func collapse(s string) string {
	return strings.Join(strings.Fields(stripMarks(s)), " ")
}

// fill sets the fields of pm from the markup's metadata and the page URL.
func (m headMeta) fill(pm *page.Meta, pageURL string) {
	pm.Title = m.ogTitle
	if pm.Title == "" {
		pm.Title = m.title
	}
	pm.SiteName = m.siteName
	pm.Byline = m.byline
	pm.Published = m.published
	for _, l := range []string{m.lang, m.metaLang, m.ogLocale} {
		if pm.Lang = page.LangCode(l); pm.Lang != "" {
			break
		}
	}
	pm.URL = pageURL
	if pm.URL == "" {
		pm.URL = m.canonical
	}
	if pm.URL == "" {
		pm.URL = m.ogURL
	}
	pm.Site = page.SiteOf(pm.URL)
}

package htmltext

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability"
	"golang.org/x/net/html"
)

// ArticleFinder picks the main article of a page.
//
// Parse gives it the parsed document, with every rendered element carrying
// an attribute (IDAttr) that identifies it. FindArticle may modify or copy
// the document; the Node it returns must be built from the document's own
// elements or from copies of them that keep their attributes, and its text
// nodes must keep their text. Parse marks a line InArticle when most of its
// characters are in text nodes under Node.
type ArticleFinder interface {
	// FindArticle returns the article of doc; pageURL may be nil.
	FindArticle(doc *html.Node, pageURL *url.URL) (*Article, error)
}

// IDAttr is the attribute Parse puts on each rendered element before it calls
// an ArticleFinder.
const IDAttr = "data-newslint-id"

// Article is what an ArticleFinder found: the article subtree and what it
// learned about the page. Empty fields are unknown.
type Article struct {
	Node      *html.Node // root of the article; nil when none was found
	Title     string
	Byline    string
	SiteName  string
	Published string // RFC 3339 or as given by the page
	Lang      string
}

// Readability is the ArticleFinder backed by codeberg.org/readeck/go-readability
// (a port of Mozilla's Readability.js).
type Readability struct{}

// FindArticle runs readability on doc, which it modifies.
func (Readability) FindArticle(doc *html.Node, pageURL *url.URL) (*Article, error) {
	p := readability.NewParser()
	a, err := p.ParseAndMutate(doc, pageURL)
	if err != nil {
		return nil, err
	}
	out := &Article{
		Title:    a.Title,
		Byline:   a.Byline,
		SiteName: a.SiteName,
		Lang:     a.Language,
	}
	if a.Node != nil {
		// Node is the first child of readability's wrapper <div>: take the
		// wrapper, which holds everything readability kept.
		out.Node = a.Node
		if a.Node.Parent != nil {
			out.Node = a.Node.Parent
		}
	}
	if a.PublishedTime != nil {
		out.Published = a.PublishedTime.Format(time.RFC3339)
	}
	if pageURL != nil && out.Title == pageURL.String() {
		out.Title = "" // readability's stand-in for a title that is not valid UTF-8
	}
	return out, nil
}

// tagFrames gives every rendered element its frame number in IDAttr.
func (r *renderer) tagFrames() {
	for i := range r.frames {
		n := r.frames[i].node
		n.Attr = append(n.Attr, html.Attribute{Key: IDAttr, Val: strconv.Itoa(i)})
	}
}

// markArticle sets segment.inArticle for the text nodes under the article
// root art (a tree derived from the document rendered into r).
//
// A text node of the article is traced back to the rendered text nodes with
// the same text under its nearest ancestor that has an IDAttr: finders move
// and wrap text (readability wraps loose text in new <p>s), but keep text
// and attributes.
func (r *renderer) markArticle(art *html.Node) {
	type key struct {
		frame int32
		text  string
	}
	keys := map[key]bool{}
	texts := map[string]bool{}
	var visit func(n *html.Node, owner int32, depth int)
	visit = func(n *html.Node, owner int32, depth int) {
		if depth > 1000 {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				if strings.TrimSpace(c.Data) != "" {
					keys[key{owner, c.Data}] = true
					texts[c.Data] = true
				}
			case html.ElementNode:
				o := owner
				if v := attr(c, IDAttr); v != "" {
					if id, err := strconv.Atoi(v); err == nil && id >= 0 && id < len(r.frames) {
						o = int32(id)
					}
				}
				visit(c, o, depth+1)
			}
		}
	}
	owner := int32(-1)
	for p := art; p != nil; p = p.Parent {
		if v := attr(p, IDAttr); v != "" {
			if id, err := strconv.Atoi(v); err == nil && id >= 0 && id < len(r.frames) {
				owner = int32(id)
				break
			}
		}
	}
	if art.Type == html.TextNode {
		if strings.TrimSpace(art.Data) != "" {
			keys[key{owner, art.Data}] = true
			texts[art.Data] = true
		}
	} else {
		if v := attr(art, IDAttr); v != "" {
			if id, err := strconv.Atoi(v); err == nil && id >= 0 && id < len(r.frames) {
				owner = int32(id)
			}
		}
		visit(art, owner, 0)
	}
	for i := range r.segs {
		s := &r.segs[i]
		if !texts[s.node.Data] {
			continue
		}
		if keys[key{-1, s.node.Data}] { // text with no rendered ancestor in the article
			s.inArticle = true
			continue
		}
		for f := s.frame; f >= 0; f = r.frames[f].parent {
			if keys[key{f, s.node.Data}] {
				s.inArticle = true
				break
			}
		}
	}
}

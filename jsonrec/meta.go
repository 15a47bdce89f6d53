package jsonrec

import (
	"strings"

	"github.com/newslint/newslint/page"
)

// metaFields are the names, in order of preference, of the fields that
// give page evidence. They cover the common scrapers' records (schema.org
// NewsArticle, news-please, trafilatura, newspaper).
var metaFields = []struct {
	names []string
	set   func(m *page.Meta, v string)
}{
	{[]string{"title", "headline"}, func(m *page.Meta, v string) { m.Title = v }},
	{[]string{"url", "link", "canonical_url", "canonicalUrl", "source_url", "sourceUrl"}, func(m *page.Meta, v string) { m.URL = v }},
	{[]string{"hostname", "source_domain", "domain"}, func(m *page.Meta, v string) { m.Site = page.SiteOf(v) }},
	{[]string{"lang", "language", "inLanguage", "locale"}, func(m *page.Meta, v string) { m.Lang = page.LangCode(v) }},
	{[]string{"author", "byline", "authors", "creator"}, func(m *page.Meta, v string) { m.Byline = v }},
	{[]string{"date", "published", "date_published", "datePublished", "date_publish", "published_at", "publishedAt", "publish_date", "pubDate"}, func(m *page.Meta, v string) { m.Published = v }},
	{[]string{"sitename", "site_name", "siteName", "publisher"}, func(m *page.Meta, v string) { m.SiteName = v }},
}

// Meta returns the page evidence in the record's other fields: title, URL
// (its host becomes Meta.Site), language, author, date and site name. Each
// is looked for in the object that holds text first, then at the top level;
// names match exactly, then ignoring case. An author may be a string, an
// object with a "name", or a list of either.
func (r *Record) Meta(text Field) page.Meta {
	var m page.Meta
	objs := []*object{&r.top}
	if text.parent != r.top.start && text.parent < len(r.raw) && r.raw[text.parent] == '{' {
		o := parseObject(r.raw, text.parent)
		objs = []*object{&o, &r.top}
	}
	for _, f := range metaFields {
		if v := r.metaValue(objs, f.names); v != "" {
			f.set(&m, v)
		}
	}
	if s := page.SiteOf(m.URL); s != "" {
		m.Site = s
	}
	return m
}

// metaValue returns the first non-empty value among names in objs.
func (r *Record) metaValue(objs []*object, names []string) string {
	for _, o := range objs {
		for _, fold := range []bool{false, true} {
			for _, name := range names {
				for _, m := range o.members {
					if m.key == name || fold && strings.EqualFold(m.key, name) {
						if v := r.textOf(m.valStart, m.valEnd, 0); v != "" {
							return v
						}
					}
				}
			}
		}
	}
	return ""
}

// textOf is the text of a value for page evidence: a string, the "name" of
// an object, the texts of a list joined with ", ".
func (r *Record) textOf(start, end, depth int) string {
	switch r.raw[start] {
	case '"':
		return strings.Join(strings.Fields(decodeString(r.raw[start:end])), " ")
	case '{':
		if depth > 1 {
			return ""
		}
		o := parseObject(r.raw, start)
		if m, ok := o.get("name"); ok {
			return r.textOf(m.valStart, m.valEnd, depth+1)
		}
	case '[':
		if depth > 0 {
			return ""
		}
		var parts []string
		for i := skipSpace(r.raw, start+1); i < end && r.raw[i] != ']'; {
			j := skipValue(r.raw, i)
			if v := r.textOf(i, j, depth+1); v != "" {
				parts = append(parts, v)
			}
			i = skipSpace(r.raw, j)
			if i < end && r.raw[i] == ',' {
				i = skipSpace(r.raw, i+1)
			}
		}
		return strings.Join(parts, ", ")
	}
	return ""
}

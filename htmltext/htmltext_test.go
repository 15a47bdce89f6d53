package htmltext

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newslint/newslint/page"
	"golang.org/x/net/html"
)

func render(t *testing.T, src string, opt Options) *page.Page {
	t.Helper()
	p, err := Parse("test.html", strings.NewReader(src), opt)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// lineWith returns the first line containing s.
func lineWith(t *testing.T, p *page.Page, s string) page.Line {
	t.Helper()
	for _, l := range p.Lines {
		if strings.Contains(l.Text, s) {
			return l
		}
	}
	t.Fatalf("no line contains %q in:\n%s", s, p.Text())
	return page.Line{}
}

func TestRendering(t *testing.T) {
	for _, c := range []struct{ name, html, want string }{
		{"blocks", `<div>a</div><div>b<span> c </span>d</div>`, "a\nb c d"},
		{"paragraphs", `<p>one</p><p>two</p>`, "one\n\ntwo"},
		{"br", `<div>a<br>b<br><br>c</div>`, "a\nb\n\nc"},
		{"collapse", "<p>  many   \n\t spaces  <b> here </b> ok </p>", "many spaces here ok"},
		{"pre", "<pre>a  b\n  c</pre>", "a  b\n  c"},
		{"table", `<table><tr><td>a</td><td> b </td></tr><tr><th>c</th><td>d</td></tr></table>`, "a\tb\nc\td"},
		{"list", `<ul><li>one</li><li>two <a href="#">three</a></li></ul>`, "one\ntwo three"},
		{"entities", `<p>caf&eacute; &amp; &lt;b&gt; &#8364;5&nbsp;x</p>`, "café & <b> €5\u00a0x"},
		{"noscript kept", `<p>a</p><noscript><p>enable JS</p></noscript>`, "a\n\nenable JS"},
		{"closed details", `<details><summary>More</summary><p>secret</p></details>`, "More"},
		{"open details", `<details open><summary>More</summary>shown</details>`, "More\nshown"},
		{"select", `<form><select><option>A</option><option>B</option></select></form>`, "A\nB"},
		{"text-transform", `<style>.up{text-transform:uppercase}</style><p class="up">straße</p>`, "STRASSE"},
		{"inline li", `<style>#m li{display:inline}</style><ul id="m"><li>a</li> <li>b</li></ul>`, "a b"},
		{"flex items", `<style>.f{display:flex}</style><div class="f"><a>a</a><a>b</a></div>`, "a\nb"},
		{"media", `<style>@media print{.p{display:none}} @media (max-width:600px){.m{display:none}}</style><p class="p">print</p><p class="m">mobile</p>`, "print\n\nmobile"},
		{"space next to image", `<div><img src="x.png"> caption</div>`, " caption"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := render(t, c.html, Options{}).Text()
			if got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestHiddenDropped(t *testing.T) {
	src := `<html><head><title>T</title><style>p{color:red} .gone{display:none}</style>
<script>var s = "script text";</script></head><body>
<p>visible one</p>
<script>document.write("script text")</script>
<style>.x{content:"style text"}</style>
<template><p>template text</p></template>
<svg><text>svg text</text></svg>
<iframe src="x">iframe text</iframe>
<!-- comment text -->
<div hidden>hidden attr text</div>
<div aria-hidden="true">aria text</div>
<div style="display: none !important">display none text</div>
<div style="visibility:hidden">visibility text</div>
<div class="gone">class rule text</div>
<input type="hidden" value="input text">
<dialog>dialog text</dialog>
<div style="visibility:hidden"><span style="visibility:visible">visible again</span></div>
<p>visible two</p>
</body></html>`
	got := render(t, src, Options{}).Text()
	for _, bad := range []string{"script text", "style text", "template text", "svg text", "iframe text",
		"comment text", "hidden attr text", "aria text", "display none text", "visibility text",
		"class rule text", "input text", "dialog text", "T\n"} {
		if strings.Contains(got, bad) {
			t.Errorf("%q rendered:\n%s", bad, got)
		}
	}
	for _, good := range []string{"visible one", "visible two", "visible again"} {
		if !strings.Contains(got, good) {
			t.Errorf("%q missing:\n%s", good, got)
		}
	}
	// Browsers render aria-hidden content; KeepAriaHidden does too.
	if got := render(t, src, Options{KeepAriaHidden: true}).Text(); !strings.Contains(got, "aria text") {
		t.Errorf("KeepAriaHidden dropped aria-hidden text:\n%s", got)
	}
}

func TestCharsetInline(t *testing.T) {
	for _, c := range []struct {
		name string
		src  []byte
		ct   string
		want string
	}{
		{"meta charset latin1", []byte("<meta charset=iso-8859-1><p>Gr\xfc\xdfe aus K\xf6ln</p>"), "", "Grüße aus Köln"},
		{"http-equiv 1252", []byte(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>` + "\x93quoted\x94 \x80</p>"), "", "“quoted” €"},
		{"iso-8859-15", []byte("<meta charset=iso-8859-15><p>\xa4uro</p>"), "", "€uro"},
		{"koi8-r", []byte("<meta charset=koi8-r><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>"), "", "Привет"},
		{"shift_jis", []byte("<meta charset=shift_jis><p>\x93\xfa\x96\x7b</p>"), "", "日本"},
		{"utf-8 BOM", []byte("\xef\xbb\xbf<meta charset=iso-8859-1><p>Gr\xc3\xbc\xc3\x9fe</p>"), "", "Grüße"},
		{"utf-16 BOM", []byte("\xff\xfe<\x00p\x00>\x00\xfc\x00<\x00/\x00p\x00>\x00"), "", "ü"},
		{"header wins", []byte("<meta charset=utf-8><p>Gr\xfc\xdfe</p>"), "text/html; charset=ISO-8859-1", "Grüße"},
		{"late meta", []byte("<!--" + strings.Repeat("x", 2000) + "--><meta charset=iso-8859-1><p>K\xf6ln</p>"), "", "Köln"},
		{"no declaration, utf-8", []byte("<p>K\xc3\xb6ln</p>"), "", "Köln"},
		{"no declaration, latin1", []byte("<p>K\xf6ln</p>"), "", "Köln"},
		{"invalid utf-8", []byte("<meta charset=utf-8><p>a\xffb\xc3</p>"), "", "a\ufffdb\ufffd"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := ParseBytes("x", c.src, Options{ContentType: c.ct})
			if got := p.Text(); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// TestCharsetBench reads bench pages declared as iso-8859-1 or windows-1252
// and checks their umlauts against Chromium's rendering.
func TestCharsetBench(t *testing.T) {
	root := benchDir(t)
	for _, name := range []string{
		"trafilatura-eval/html/badische-zeitung.de-Wohnungssuche.html",        // iso-8859-1
		"trafilatura-eval/html/automobilwoche.de-VW-Betriebsversammlung.html", // windows-1252
		"trafilatura-eval/html/kyffhaeuser-nachrichten.de-Regen.html",         // iso-8859-1
	} {
		t.Run(filepath.Base(name), func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(root, name))
			if err != nil {
				t.Skip(err)
			}
			if cs := strings.ToLower(string(src[:min(len(src), 4096)])); !strings.Contains(cs, "iso-8859-1") && !strings.Contains(cs, "windows-1252") {
				t.Fatalf("%s no longer declares a legacy charset", name)
			}
			if bytes.Contains(src, []byte("\xc3\xbc")) {
				t.Logf("note: page also holds UTF-8 bytes")
			}
			got := ParseBytes(name, src, Options{}).Text()
			if strings.ContainsRune(got, '\ufffd') || strings.Contains(got, "Ã") {
				t.Errorf("mis-decoded text: %q", excerpt(got, "\ufffd", "Ã"))
			}
			if !strings.ContainsAny(got, "äöüÄÖÜß") {
				t.Fatalf("no umlaut in the rendered text")
			}
			// Every line of Chromium's innerText with an umlaut should be ours too.
			want, err := os.ReadFile(strings.Replace(strings.Replace(filepath.Join(root, name), "/html/", "/innertext/", 1), ".html", ".txt", 1))
			if err != nil {
				t.Skip(err)
			}
			lines := map[string]bool{}
			for _, l := range strings.Split(got, "\n") {
				lines[strings.TrimSpace(l)] = true
			}
			n, found := 0, 0
			for _, l := range strings.Split(string(want), "\n") {
				if l = strings.TrimSpace(l); strings.ContainsAny(l, "äöüÄÖÜß") {
					n++
					if lines[l] {
						found++
					}
				}
			}
			if n == 0 || float64(found) < 0.9*float64(n) {
				t.Errorf("%d of %d innerText lines with umlauts rendered alike", found, n)
			}
		})
	}
}

func excerpt(s string, marks ...string) string {
	for _, m := range marks {
		if i := strings.Index(s, m); i >= 0 {
			return s[max(0, i-40):min(len(s), i+40)]
		}
	}
	return ""
}

func TestSourceLine(t *testing.T) {
	src := "<!DOCTYPE html>\r\n" + // 1
		"<html><head><title>x</title>\r\n" + // 2
		"<script>\n var a = '<p>not text</p>';\n</script></head>\n" + // 3-5
		"<body>\n" + // 6
		"<p>first\n" + // 7
		"paragraph</p>\n" + // 8
		"<div>\n\n   <span>indented</span></div>\n" + // 9-11
		"<table><tr><td>cell</td></tr>fostered\n" + // 12
		"</table>\n" + // 13
		"<pre>pre one\npre two\n</pre>\n" + // 14-16
		"<p>a&amp;b</span> after stray end</p>\n" + // 17
		"<p>one<br>\ntwo</p>\r" + // 18-19 (lone CR)
		"<p>three</p>\n" // 20
	p := render(t, src, Options{})
	for _, c := range []struct {
		text string
		line int
	}{
		{"first paragraph", 7},
		{"indented", 11},
		{"fostered", 12},
		{"cell", 12},
		{"pre one", 14},
		{"pre two", 15},
		{"a&b after stray end", 17},
		{"one", 18},
		{"two", 19},
		{"three", 20},
	} {
		var l page.Line
		for _, x := range p.Lines {
			if x.Text == c.text {
				l = x
				break
			}
		}
		if l.Text != c.text {
			t.Errorf("no line %q in:\n%s", c.text, p.Text())
			continue
		}
		if l.SourceLine != c.line {
			t.Errorf("%q: SourceLine %d, want %d", c.text, l.SourceLine, c.line)
		}
	}
}

// TestSourceLineBench checks on bench pages that a line's source line
// holds the line's first characters.
func TestSourceLineBench(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	pages := benchPages(t)
	total, ok := 0, 0
	for _, bp := range pages[:min(len(pages), 120)] {
		src, err := os.ReadFile(bp.htmlPath)
		if err != nil {
			t.Fatal(err)
		}
		text, _ := decode(src, "")
		srcLines := strings.Split(strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(string(text)), "\n")
		for _, l := range ParseBytes(bp.htmlPath, src, Options{}).Lines {
			r := []rune(strings.TrimLeft(l.Text, " \u00a0\t"))
			if len(r) < 3 {
				continue
			}
			head := string(r[:3])
			if strings.ContainsAny(head, "&<>\"' \u00a0\t") {
				continue // may be written as an entity, or span nodes
			}
			total++
			// Case-folded: text-transform changes case.
			if l.SourceLine > 0 && l.SourceLine <= len(srcLines) &&
				strings.Contains(strings.ToLower(srcLines[l.SourceLine-1]), strings.ToLower(head)) {
				ok++
			} else if os.Getenv("SHOWFAIL") != "" {
				t.Logf("%s: %q at %d", bp.id, l.Text, l.SourceLine)
			}
		}
	}
	share := float64(ok) / float64(total)
	t.Logf("%d of %d lines (%.4f) start on their SourceLine", ok, total, share)
	if share < 0.99 {
		t.Errorf("only %.4f of lines start on their SourceLine", share)
	}
}

// TestNoSourceLines checks that sparing the source lines changes nothing
// else: the same lines, the same DOM features and meta, with readability.
func TestNoSourceLines(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	pages := benchPages(t)
	for _, bp := range pages[:min(len(pages), 60)] {
		src, err := os.ReadFile(bp.htmlPath)
		if err != nil {
			t.Fatal(err)
		}
		with := ParseBytes(bp.htmlPath, src, Options{Readability: true})
		without := ParseBytes(bp.htmlPath, src, Options{Readability: true, NoSourceLines: true})
		if with.Meta != without.Meta || len(with.Lines) != len(without.Lines) {
			t.Fatalf("%s: meta or line count differ: %d vs %d lines", bp.id, len(with.Lines), len(without.Lines))
		}
		for i, l := range with.Lines {
			w := without.Lines[i]
			if w.SourceLine != 0 {
				t.Fatalf("%s: line %d has SourceLine %d without source lines", bp.id, l.Num, w.SourceLine)
			}
			if l.Text != w.Text || l.Num != w.Num || (l.DOM == nil) != (w.DOM == nil) ||
				(l.DOM != nil && fmt.Sprint(*l.DOM) != fmt.Sprint(*w.DOM)) {
				t.Fatalf("%s: line %d differs:\n%q %+v\n%q %+v", bp.id, l.Num, l.Text, l.DOM, w.Text, w.DOM)
			}
		}
	}
}

func TestDOMFeatures(t *testing.T) {
	src := `<html lang="de-DE"><head><title>Page title</title>
<meta property="og:site_name" content="Example News"><meta name="author" content="Jane Doe">
<link rel="canonical" href="https://www.example.com/news/1"></head><body>
<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/politik">Politik</a></li></ul></nav>
<div id="content"><article class="story">
<h1>Headline here</h1>
<p class="byline">By <a href="/jane">Jane Doe</a></p>
<p>Body text with a <a href="/link">link</a> inside it.</p>
<figure><img src="a.jpg"><figcaption>A caption</figcaption></figure>
</article></div>
<div class="siteFooter"><p>Copyright 2024</p></div>
</body></html>`
	p := render(t, src, Options{})

	home := lineWith(t, p, "Home")
	if home.DOM.LinkDensity < 0.99 || !home.DOM.ListItem {
		t.Errorf("nav line: %+v", *home.DOM)
	}
	if !contains(home.DOM.Hints, "nav") {
		t.Errorf("nav line hints %v", home.DOM.Hints)
	}
	body := lineWith(t, p, "Body text")
	if d := body.DOM.LinkDensity; d < 0.1 || d > 0.2 {
		t.Errorf("body link density %v, want 4/24", d)
	}
	if body.DOM.Path != "body>div>article>p" {
		t.Errorf("body path %q", body.DOM.Path)
	}
	for _, h := range []string{"content", "article", "story"} {
		if !contains(body.DOM.Hints, h) {
			t.Errorf("body hints %v lack %q", body.DOM.Hints, h)
		}
	}
	if h := lineWith(t, p, "Headline").DOM.Heading; h != 1 {
		t.Errorf("heading %d", h)
	}
	if by := lineWith(t, p, "By Jane"); !contains(by.DOM.Hints, "byline") {
		t.Errorf("byline hints %v", by.DOM.Hints)
	}
	if c := lineWith(t, p, "A caption"); !c.DOM.Caption {
		t.Errorf("caption: %+v", *c.DOM)
	}
	foot := lineWith(t, p, "Copyright")
	if !contains(foot.DOM.Hints, "footer") {
		t.Errorf("footer hints %v", foot.DOM.Hints)
	}
	if foot.DOM.InArticle {
		t.Errorf("InArticle without readability")
	}
	m := p.Meta
	if m.Title != "Page title" || m.Lang != "de" || m.SiteName != "Example News" || m.Byline != "Jane Doe" ||
		m.URL != "https://www.example.com/news/1" || m.Site != "example.com" {
		t.Errorf("meta %+v", m)
	}
}

func TestHints(t *testing.T) {
	for _, c := range []struct {
		class string
		want  []string
	}{
		{"main-nav", []string{"main", "nav"}},
		{"siteFooter", []string{"footer"}},
		{"mostPopular_box", []string{"most-popular"}},
		{"nav-bar", []string{"nav", "navbar"}},
		{"ad300x250 banner", []string{"ad", "banner"}},
		{"article__body", []string{"article", "body"}},
		{"HTMLContent", []string{"content"}},
		{"cookies-notice", []string{"cookie"}},
		{"header", []string{"header"}},
		{"shadow leading", nil},
	} {
		got := appendHints(nil, c.class)
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%q: hints %v, want %v", c.class, got, c.want)
		}
	}
}

func TestReadabilityInArticle(t *testing.T) {
	var para strings.Builder
	for i := 0; i < 8; i++ {
		para.WriteString("<p>This is a long paragraph of the article, with commas, clauses, and enough words to look like prose to readability, number " + string(rune('A'+i)) + ".</p>\n")
	}
	src := `<html lang="en"><head><title>Big story - Example</title>
<meta property="article:published_time" content="2024-05-02T10:00:00Z"></head><body>
<div class="menu"><a href="/">Home</a> <a href="/a">Sports</a></div>
<article><h1>Big story</h1>
<div class="text">` + para.String() + `Loose text in the article div.</div></article>
<footer><p>Copyright Example</p></footer></body></html>`
	p := render(t, src, Options{Readability: true, URL: "https://example.com/big"})
	if l := lineWith(t, p, "number C"); !l.DOM.InArticle {
		t.Errorf("article paragraph not InArticle: %+v", *l.DOM)
	}
	if l := lineWith(t, p, "Loose text"); !l.DOM.InArticle {
		t.Errorf("loose article text not InArticle: %+v", *l.DOM)
	}
	if l := lineWith(t, p, "Copyright"); l.DOM.InArticle {
		t.Errorf("footer InArticle")
	}
	if l := lineWith(t, p, "Home"); l.DOM.InArticle {
		t.Errorf("menu InArticle")
	}
	if p.Meta.Title == "" || p.Meta.Lang != "en" || !strings.HasPrefix(p.Meta.Published, "2024-05-02") || p.Meta.Site != "example.com" {
		t.Errorf("meta %+v", p.Meta)
	}
	// Without readability, nothing is InArticle.
	for _, l := range render(t, src, Options{}).Lines {
		if l.DOM.InArticle {
			t.Fatalf("InArticle without readability: %q", l.Text)
		}
	}
}

// panicFinder is an ArticleFinder that panics.
type panicFinder struct{}

func (panicFinder) FindArticle(*html.Node, *url.URL) (*Article, error) { panic("boom") }

func TestFinderPanicIgnored(t *testing.T) {
	p := render(t, "<p>text</p>", Options{Readability: true, Finder: panicFinder{}})
	if p.Text() != "text" {
		t.Errorf("got %q", p.Text())
	}
}

func TestBrokenHTML(t *testing.T) {
	for _, src := range []string{
		"",
		"<",
		"<p>truncated <a href=\"x",
		strings.Repeat("<div>", 10000) + "deep text" + strings.Repeat("</div>", 10000),
		strings.Repeat("<b><i><u>", 4000) + "formatting",
		strings.Repeat("<table><tr><td>", 3000) + "tables",
		"\x00\x01\x02\xff\xfe binary \x00 junk <p>\x80\x81",
		"<svg><style>x{}</style><title>t</title></svg><math><mi>x</mi></math><p>after</p>",
	} {
		p, err := Parse("broken", strings.NewReader(src), Options{Readability: true})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(src, "deep text") && !strings.Contains(p.Text(), "deep text") {
			t.Errorf("deep nesting lost its text")
		}
		if strings.Contains(src, "formatting") && !strings.Contains(p.Text(), "formatting") {
			t.Errorf("deep formatting lost its text")
		}
	}
}

func TestElementsAndCaption(t *testing.T) {
	src := `<body><div id="a"><p>First paragraph.</p><p>Second paragraph.</p>
<figure><img src="x.jpg"><figcaption>A caption</figcaption></figure>
<figure><table><tr><td>A cell</td></tr></table></figure></div>
<div id="b"><p>Elsewhere.</p></div></body>`
	p := ParseBytes("t.html", []byte(src), Options{})
	first, second := lineWith(t, p, "First"), lineWith(t, p, "Second")
	other := lineWith(t, p, "Elsewhere")
	fe, se, oe := first.DOM.Elements, second.DOM.Elements, other.DOM.Elements
	if len(fe) != 3 || len(se) != 3 || fe[1] != se[1] || fe[2] == se[2] {
		t.Errorf("paragraphs of one div: %v and %v", fe, se)
	}
	if len(oe) != 3 || oe[0] != fe[0] || oe[1] == fe[1] {
		t.Errorf("paragraph of another div: %v, first %v", oe, fe)
	}
	if !lineWith(t, p, "A caption").DOM.Caption {
		t.Error("figcaption is no caption")
	}
	if lineWith(t, p, "A cell").DOM.Caption {
		t.Error("a table in a figure is a caption")
	}
}

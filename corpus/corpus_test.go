package corpus_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/newslint/newslint/corpus"
	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/internal/golden"
	"github.com/newslint/newslint/page"
	"github.com/newslint/newslint/rules"
	"github.com/newslint/newslint/runner"
)

// siteDir holds four pages of one site: one seed article and three more
// in the same template (menu, disclaimer, newsletter box, most-read list,
// footer, and a reading time that changes with the article).
const (
	siteDir = "../testdata/corpus"
	site    = "investmentweek.de"
)

// Two lines of the template read like article text. The rules drop the
// disclaimer below the tag list, but keep the author box at the end of
// the article on a page of its own: only the other pages tell.
const (
	disclaimer = "Die Redaktion von InvestmentWeek berichtet unabhängig über Märkte, Unternehmen und Politik. Unsere Beiträge sind keine Anlageberatung, sondern dienen allein der Information unserer Leserinnen und Leser."
	authorBox  = "Anna Berger schreibt seit 2015 für InvestmentWeek über Geldpolitik, Banken und die Finanzmärkte in Europa. Zuvor arbeitete sie als Korrespondentin in Brüssel und Frankfurt."
)

func TestSiteOf(t *testing.T) {
	cases := []struct {
		t    input.Target
		want string
	}{
		{input.Target{Path: "corpus/example.com/a.txt", Root: "corpus", Rel: "example.com/a.txt"}, "example.com"},
		{input.Target{Path: "corpus/example.com/2024/a.txt", Root: "corpus", Rel: "example.com/2024/a.txt"}, "example.com"},
		{input.Target{Path: "corpus/example.com/a.txt", Root: "corpus/example.com", Rel: "a.txt"}, "example.com"},
		{input.Target{Path: "corpus/example.com/a.txt", Root: "corpus/example.com/", Rel: "a.txt"}, "example.com"},
		{input.Target{Path: "corpus/example.com/a.txt", Root: "corpus/example.com/a.txt"}, "example.com"},
		{input.Target{Path: input.Stdin, Root: input.Stdin}, ""},
	}
	for _, c := range cases {
		if got := corpus.SiteOf(c.t); got != c.want {
			t.Errorf("SiteOf(%+v) = %q, want %q", c.t, got, c.want)
		}
	}
}

func TestShape(t *testing.T) {
	cases := []struct {
		line, want string
		match      []string
	}{
		{"Lesezeit: 4 Minuten", `^lesezeit:\s+\d+\s+minuten$`, []string{"Lesezeit: 12 Minuten", "LESEZEIT:  3  Minuten"}},
		{"Seite 2 von 5", `^seite\s+\d+\s+von\s+\d+$`, []string{"Seite 10 von 12"}},
		{"© 2025 Example Media GmbH (v1.2)", `^©\s+\d+\s+example\s+media\s+gmbh\s+\(v\d+\.\d+\)$`, []string{"© 2026 Example Media GmbH (v1.3)"}},
		{"23.12.2025 09:18", "", nil}, // no word: a date
		{"Startseite", "", nil},       // no number: a line, not a shape
	}
	for _, c := range cases {
		got, ok := corpus.Shape(c.line)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("Shape(%q) = %q, %v; want %q", c.line, got, ok, c.want)
			continue
		}
		if !ok {
			continue
		}
		re := regexp.MustCompile("(?i)" + got)
		for _, m := range append(c.match, c.line) {
			if !re.MatchString(m) {
				t.Errorf("shape %q of %q does not match %q", got, c.line, m)
			}
		}
	}
}

func fold(s string) string { return string(rules.FoldWords(nil, s)) }

func count(t *testing.T, args ...string) *corpus.Counts {
	t.Helper()
	c, err := corpus.Count(context.Background(), corpus.Config{Walk: input.WalkOptions{Extensions: []string{".txt"}}}, args)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCount(t *testing.T) {
	c := count(t, siteDir)
	if got := c.Sites(); len(got) != 1 || got[0] != site {
		t.Fatalf("sites %v, want [%s]", got, site)
	}
	if c.Size(site) != 4 {
		t.Errorf("site size %d, want 4", c.Size(site))
	}
	for line, want := range map[string]int{
		"Suchbegriff": 4, disclaimer: 4, "[0 Kommentare]": 4,
		"Zinswende: Europäische Zentralbank senkt den Leitzins erneut": 1,
		"nowhere on these pages": 0,
	} {
		if got := c.Pages(site, fold(line)); got != want {
			t.Errorf("Pages(%q) = %d, want %d", line, got, want)
		}
	}
	if got := c.Pages("other.org", fold("Suchbegriff")); got != 0 {
		t.Errorf("another site's count: %d", got)
	}
	shape, _ := corpus.Shape("Lesezeit: 4 Minuten")
	if got := c.ShapePages(site, shape); got != 4 {
		t.Errorf("ShapePages(lesezeit) = %d, want 4", got)
	}
	// Naming the site's folder gives the same site name.
	if got := count(t, filepath.Join(siteDir, site)).Size(site); got != 4 {
		t.Errorf("counting %s/%s: site size %d, want 4", siteDir, site, got)
	}
	if _, err := corpus.Count(context.Background(), corpus.Config{}, []string{"-"}); err == nil {
		t.Errorf("counting standard input: no error")
	}
}

// TestCountSkipsDuplicatePages: the same article scraped twice counts
// once, so that its lines do not look like the site's template.
func TestCountSkipsDuplicatePages(t *testing.T) {
	c := corpus.NewCounts()
	p := input.ParseText("a.txt", []byte("Startseite\nDer Rat stimmte am Dienstag dafür, das Programm zu verlängern.\n"))
	for range 3 {
		c.Add(p, "example.com")
	}
	c.Add(input.ParseText("b.txt", []byte("Startseite\nDie Stadt plant neue Radwege.\n")), "example.com")
	if c.Size("example.com") != 2 || c.Pages("example.com", "startseite") != 2 {
		t.Errorf("size %d, startseite on %d pages; want 2 and 2", c.Size("example.com"), c.Pages("example.com", "startseite"))
	}
}

// lint scores the site's pages (in corpus mode or not) and returns every
// line's verdict by page file name and text.
func lint(t *testing.T, set *rules.Set, corpusMode bool) map[string]map[string]*detect.Verdict {
	t.Helper()
	cfg := runner.Config{Engine: detect.New(set), Walk: input.WalkOptions{Extensions: []string{".txt"}}, Site: corpus.SiteOf, Corpus: corpusMode}
	out := map[string]map[string]*detect.Verdict{}
	err := runner.Run(context.Background(), cfg, []string{siteDir}, func(it *runner.Item) error {
		if it.Err != nil {
			t.Fatal(it.Err)
		}
		if it.Page.Meta.Site != site {
			t.Errorf("%s: site %q, want %q", it.Target.Path, it.Page.Meta.Site, site)
		}
		m := map[string]*detect.Verdict{}
		for i := range it.Result.Verdicts {
			v := &it.Result.Verdicts[i]
			m[v.Text] = v
		}
		out[filepath.Base(it.Target.Path)] = m
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 4 {
		t.Fatalf("%d pages, want 4", len(out))
	}
	return out
}

// TestCorpusMode: the template line the rules keep on each page alone (the
// author box) is noise:template in corpus mode, and the articles stay.
func TestCorpusMode(t *testing.T) {
	set, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	alone, together := lint(t, set, false), lint(t, set, true)
	for name, page := range alone {
		if v := page[authorBox]; v == nil || v.Label != rules.Content {
			t.Fatalf("%s: without corpus evidence the author box should be kept (the case corpus mode is for), got %+v", name, v)
		}
		if v := together[name][authorBox]; v.Label != rules.Noise || v.Category != "template" {
			t.Errorf("%s: in corpus mode the author box should be noise:template, got %v:%s", name, v.Label, v.Category)
		}
		for text, v := range page {
			if v.Label != rules.Content || text == authorBox {
				continue
			}
			if w := together[name][text]; w.Label != rules.Content {
				t.Errorf("%s: article line %q is %v in corpus mode", name, text, w.Label)
			}
		}
	}
}

// TestLearn: learn proposes the site's template as a rules file that loads,
// whose examples pass, that applies to the site's pages only, and that
// drops the template without corpus mode.
func TestLearn(t *testing.T) {
	set, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	counts := count(t, siteDir)
	l := &corpus.Learner{Counts: counts, MinPages: 3, MinShare: 0.5}
	cfg := runner.Config{Engine: detect.New(set), Walk: input.WalkOptions{Extensions: []string{".txt"}}, Site: corpus.SiteOf}
	if err := runner.Run(context.Background(), cfg, []string{siteDir}, func(it *runner.Item) error {
		l.Add(it.Result)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := corpus.WriteRules(&buf, l.Sites(), 3, 0.5); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/learn.golden.yaml", buf.Bytes())

	out := buf.String()
	for _, want := range []string{authorBox + `"  # 4 of 4 pages, kept on 4`, disclaimer, "Suchbegriff", "Märkte · Politik · Unternehmen · Krypto · Immobilien", `^lesezeit:\s+\d+\s+minuten$`} {
		if !strings.Contains(out, want) {
			t.Errorf("the proposal lacks %q", want)
		}
	}
	for _, not := range []string{"Uhr · Quelle", "Zinswende", "Rutte"} { // datelines (meta), articles
		if strings.Contains(out, not) {
			t.Errorf("the proposal holds %q", not)
		}
	}

	// The file loads over the defaults, and its examples pass.
	path := filepath.Join(t.TempDir(), "site-rules.yaml")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	learnt, err := rules.Load(path)
	if err != nil {
		t.Fatalf("the proposed rules do not load: %v", err)
	}
	e := detect.New(learnt)
	for _, f := range e.CheckExamples() {
		t.Errorf("example: %v", f)
	}
	// Without corpus mode, the learnt rules drop the template on the site...
	for name, page := range lint(t, learnt, false) {
		if v := page[authorBox]; v.Label != rules.Noise || v.Category != "template" {
			t.Errorf("%s: with the learnt rules the author box is %v:%s, want noise:template", name, v.Label, v.Category)
		}
	}
	// ...and on no other site.
	p := input.ParseText("other.txt", []byte("Startseite\n"+authorBox+"\n"))
	p.Meta = page.Meta{Site: "other.org"}
	for _, v := range e.Run(p, detect.Options{}).Verdicts {
		for _, h := range v.Hits {
			if strings.HasPrefix(h.Rule.ID, "site-") {
				t.Errorf("learnt rule %s fired on another site's page", h.Rule.ID)
			}
		}
	}
}

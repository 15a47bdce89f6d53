package detect_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/page"
	"github.com/newslint/newslint/rules"
)

// seedLines returns the lines of a seed page.
func seedLines(t *testing.T, name string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../testdata/seeds", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(data), "\n"), "\n")
}

const (
	seedKrone = "000_75925f2242121178.txt" // an article with header, caption, counter, follow prompt
	seedIW    = "004_cc1fd04b8d7b9caa.txt" // an article followed by tags and a teaser list
)

// score runs the default rules on a page made of lines.
func score(t *testing.T, lines []string, meta page.Meta) *detect.Result {
	t.Helper()
	p := input.ParseText("page.txt", []byte(strings.Join(lines, "\n")+"\n"))
	p.Meta = meta
	return defaultEngine(t).Run(p, detect.Options{})
}

// flagged returns the line numbers on which flag rule id fired.
func flagged(res *detect.Result, id string) []int {
	var out []int
	for _, v := range res.Verdicts {
		for _, r := range v.Flags {
			if r.ID == id {
				out = append(out, v.Num)
			}
		}
	}
	return out
}

// docs returns the document findings of rule id.
func docs(res *detect.Result, id string) []detect.DocFinding {
	var out []detect.DocFinding
	for _, d := range res.Docs {
		if d.Rule.ID == id {
			out = append(out, d)
		}
	}
	return out
}

// labels maps line numbers to labels.
func labels(res *detect.Result) map[int]rules.Label {
	out := map[int]rules.Label{}
	for _, v := range res.Verdicts {
		out[v.Num] = v.Label
	}
	return out
}

// qualityRules are the ids of the text-quality rules.
var qualityRules = []string{"mojibake", "replacement-char", "control-char", "html-tag", "html-entity",
	"code-fragment", "truncated", "paywall-cut", "error-page", "consent-page", "too-little-text",
	"no-headline", "duplicate-text", "language-mismatch", "template-line", "recurring-line"}

// TestSeedsHaveNoQualityProblems: the seed pages are whole, well-encoded
// articles; none of the text-quality rules may report them.
func TestSeedsHaveNoQualityProblems(t *testing.T) {
	for _, name := range []string{seedKrone, seedIW} {
		res := score(t, seedLines(t, name), page.Meta{})
		for _, v := range res.Verdicts {
			for _, r := range v.Flags {
				t.Errorf("%s:%d: flag %s on %q", name, v.Num, r.ID, v.Text)
			}
			for _, h := range v.Hits {
				if h.Rule.ID == "code-fragment" {
					t.Errorf("%s:%d: code-fragment on %q", name, v.Num, v.Text)
				}
			}
		}
		for _, d := range res.Docs {
			t.Errorf("%s:%d: %s: %s", name, d.Line, d.Rule.ID, d.Message)
		}
	}
}

// misdecode returns s as a scraper that reads UTF-8 as Windows-1252 shows
// it: every byte becomes a character, and the five bytes Windows-1252
// leaves undefined become C1 controls (as browsers decode them).
func misdecode(s string) string {
	cp := map[byte]rune{0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ',
		0x89: '‰', 0x8A: 'Š', 0x8B: '‹', 0x8C: 'Œ', 0x8E: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”',
		0x95: '•', 0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™', 0x9A: 'š', 0x9B: '›', 0x9C: 'œ', 0x9E: 'ž', 0x9F: 'Ÿ'}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if r, ok := cp[s[i]]; ok {
			b.WriteRune(r)
		} else {
			b.WriteRune(rune(s[i]))
		}
	}
	return b.String()
}

func hasNonASCII(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r > 0x7F }) >= 0
}

// TestMojibake: a seed page read with the wrong encoding is flagged on
// every line that had a non-ASCII character, and on no other.
func TestMojibake(t *testing.T) {
	for _, name := range []string{seedKrone, seedIW} {
		lines := seedLines(t, name)
		bad := make([]string, len(lines))
		var want []int
		for i, l := range lines {
			bad[i] = misdecode(l)
			if hasNonASCII(l) && strings.TrimSpace(bad[i]) != "" { // a no-break space alone becomes "Â"
				want = append(want, i+1)
			}
		}
		res := score(t, bad, page.Meta{})
		if got := flagged(res, "mojibake"); !slices.Equal(got, want) {
			t.Errorf("%s: mojibake on lines %v, want %v", name, got, want)
		}
	}
}

// TestEncodingDamage: replacement characters and control characters.
func TestEncodingDamage(t *testing.T) {
	lines := seedLines(t, seedKrone)
	lines[14] = strings.ReplaceAll(lines[14], "ö", "\uFFFD") // line 15: "könne"
	lines[16] = strings.ReplaceAll(lines[16], " ", "\x07")   // line 17
	res := score(t, lines, page.Meta{})
	if got := flagged(res, "replacement-char"); !slices.Equal(got, []int{15}) {
		t.Errorf("replacement-char on %v, want [15]", got)
	}
	if got := flagged(res, "control-char"); !slices.Equal(got, []int{17}) {
		t.Errorf("control-char on %v, want [17]", got)
	}
}

// TestMarkupFlagsKeepLabels: tags and entities left in article text are
// flagged, and flags change no line's label or score.
func TestMarkupFlagsKeepLabels(t *testing.T) {
	lines := seedLines(t, seedKrone)
	clean := score(t, lines, page.Meta{})
	dirty := slices.Clone(lines)
	dirty[10] = strings.Replace(dirty[10], "keine Sorgen", "keine&nbsp;Sorgen", 1)                 // line 11
	dirty[16] = strings.Replace(dirty[16], "rasch erfolgen", "<strong>rasch</strong> erfolgen", 1) // line 17
	res := score(t, dirty, page.Meta{})
	if got := flagged(res, "html-entity"); !slices.Equal(got, []int{11}) {
		t.Errorf("html-entity on %v, want [11]", got)
	}
	if got := flagged(res, "html-tag"); !slices.Equal(got, []int{17}) {
		t.Errorf("html-tag on %v, want [17]", got)
	}
	want, got := labels(clean), labels(res)
	for n, l := range want {
		if got[n] != l {
			t.Errorf("line %d: label %v with markup, %v without", n, got[n], l)
		}
	}
}

// TestCodeFragment: script, CSS and JSON lines inside an article are noise.
func TestCodeFragment(t *testing.T) {
	lines := seedLines(t, seedIW)
	code := []string{
		"window.dataLayer = window.dataLayer || [];",
		"function gtag(){dataLayer.push(arguments);}",
		`{"@context":"https://schema.org","@type":"NewsArticle","headline":"Friedensperspektive"}`,
		".article-body p { margin: 0 0 1em; line-height: 1.5; }",
	}
	lines = slices.Insert(lines, 8, code...) // after the first body paragraph
	res := score(t, lines, page.Meta{})
	for _, v := range res.Verdicts {
		if slices.Contains(code, v.Text) && (v.Label != rules.Noise || v.Category != "markup") {
			t.Errorf("line %d %q: %v:%s, want noise:markup", v.Num, v.Text, v.Label, v.Category)
		}
	}
}

// kroneArticle returns the Krone seed up to line n: its header and article
// (the body runs from line 11 to 22), without the follow prompt.
func kroneArticle(t *testing.T, n int) []string {
	return seedLines(t, seedKrone)[:n]
}

func TestTruncated(t *testing.T) {
	cases := []struct {
		name string
		page func() []string
		line int // where the finding must point
	}{
		{"mid-sentence", func() []string {
			l := kroneArticle(t, 17)
			l[16] = l[16][:strings.Index(l[16], " Rüstung aus.")] // "… des Staatshaushalts für"
			return l
		}, 17},
		{"bracketed ellipsis", func() []string {
			l := kroneArticle(t, 17)
			l[16] = l[16][:strings.Index(l[16], "Nach unterschiedlichen")] + "Nach unterschiedlichen Geheimdienst-Einschätzungen könnte es sonst ab 2027 […]"
			return l
		}, 17},
		{"read more", func() []string {
			return append(kroneArticle(t, 17), "Weiterlesen »")
		}, 18},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := score(t, c.page(), page.Meta{})
			got := docs(res, "truncated")
			if len(got) != 1 || got[0].Line != c.line {
				t.Fatalf("truncated findings %+v, want one at line %d", got, c.line)
			}
		})
	}
	// The whole article ends properly.
	if got := docs(score(t, kroneArticle(t, 22), page.Meta{}), "truncated"); len(got) > 0 {
		t.Errorf("a whole article is reported as truncated: %+v", got)
	}
}

func TestPaywall(t *testing.T) {
	l := append(kroneArticle(t, 11), "Jetzt abonnieren und weiterlesen", "Bereits Abonnent? Hier anmelden")
	got := docs(score(t, l, page.Meta{}), "paywall-cut")
	if len(got) != 1 || got[0].Line != 12 {
		t.Errorf("paywall-cut findings %+v, want one at line 12", got)
	}
}

func TestNotAnArticle(t *testing.T) {
	header := seedLines(t, seedKrone)[:6]
	cases := []struct {
		rule string
		body []string
		at   int // the body line the finding points at, from 1
	}{
		{"error-page", []string{"Fehler 404 – Seite nicht gefunden", "Die von Ihnen aufgerufene Seite existiert leider nicht mehr.", "Zur Startseite"}, 1},
		{"error-page", []string{"Access denied", "You don't have permission to access this page on this server.", "Reference #18.2f3e"}, 1},
		{"error-page", []string{"Bitte bestätigen Sie, dass Sie kein Roboter sind.", "Ich bin kein Roboter", "CAPTCHA"}, 2},
		{"consent-page", []string{"Wir und unsere Partner verwenden Cookies, um Inhalte und Anzeigen zu personalisieren.", "Zustimmen und weiter", "Mit Werbung weiterlesen", "Werbefrei lesen mit PUR-Abo"}, 2},
		{"consent-page", []string{"Bitte aktivieren Sie JavaScript in Ihrem Browser, um diese Seite zu nutzen."}, 1},
	}
	for _, c := range cases {
		lines := append(slices.Clone(header), c.body...)
		res := score(t, lines, page.Meta{})
		got := docs(res, c.rule)
		if want := len(header) + c.at; len(got) != 1 || got[0].Line != want {
			t.Errorf("%s on %q: findings %+v, want one at line %d", c.rule, c.body[0], got, want)
		}
		if len(docs(res, "too-little-text")) != 1 {
			t.Errorf("%s page: want too-little-text as well", c.rule)
		}
	}
}

func TestTooLittleTextAndHeadline(t *testing.T) {
	// The header, headline and lead only: the scraper missed the body.
	got := docs(score(t, kroneArticle(t, 9), page.Meta{}), "too-little-text")
	if len(got) != 1 {
		t.Errorf("too-little-text findings %+v, want one", got)
	}
	// The body without the header and headline.
	body := seedLines(t, seedKrone)[10:22]
	res := score(t, body, page.Meta{})
	if got := docs(res, "no-headline"); len(got) != 1 || got[0].Line != 1 {
		t.Errorf("no-headline findings %+v, want one at line 1", got)
	}
	// A title given by the input is a headline.
	if got := docs(score(t, body, page.Meta{Title: "„Die USA fühlen sich uneingeschränkt verpflichtet“"}), "no-headline"); len(got) != 0 {
		t.Errorf("no-headline with a title in the input: %+v", got)
	}
}

func TestDuplicateText(t *testing.T) {
	lines := seedLines(t, seedIW)
	// The body scraped twice: lines 6-14 again right after them, above the
	// tag list. (With the copy below the tag list, the only line on the page
	// that ends articles, the fitted decoder reads the teaser list after it
	// as article too: its cut-off summaries score +1.6 each. The teasers
	// then hold so much of the kept text that the copy is under body-share
	// and is reported paragraph by paragraph.)
	twice := slices.Concat(lines[:15], lines[5:14], lines[14:])
	got := docs(score(t, twice, page.Meta{}), "duplicate-text")
	if len(got) != 1 || !strings.Contains(got[0].Message, "twice") {
		t.Fatalf("duplicate-text findings %+v, want one saying the text is there twice", got)
	}
	// One paragraph repeated.
	once := slices.Insert(slices.Clone(lines), 12, "", lines[9])
	got = docs(score(t, once, page.Meta{}), "duplicate-text")
	if len(got) != 1 || got[0].Line != 14 || !strings.Contains(got[0].Message, "repeats line 10") {
		t.Errorf("duplicate-text findings %+v, want one at line 14 repeating line 10", got)
	}
}

func TestLanguage(t *testing.T) {
	lines := seedLines(t, seedIW)
	// The input declares English; the page is German.
	got := docs(score(t, lines, page.Meta{Lang: "en"}), "language-mismatch")
	if len(got) != 1 || !strings.Contains(got[0].Message, "in de") {
		t.Errorf("language-mismatch findings %+v, want one saying the page is in de", got)
	}
	if got := docs(score(t, lines, page.Meta{Lang: "de"}), "language-mismatch"); len(got) != 0 {
		t.Errorf("a German page declared German: %+v", got)
	}
	// A site configured for English in a user file, whatever the input says.
	set, err := rules.Parse([]byte(`rules:
  - id: example-english
    kind: document
    check: language
    category: language
    sites: [example.com]
    description: example.com publishes in English.
    params: {expect: [en]}
    examples:
      match: ["@lang: en\nDer Rat stimmte am Dienstag dafür, das Programm um zwei weitere Jahre zu verlängern, obwohl mehrere Mitglieder der Opposition Einwände erhoben hatten.\nDie Entscheidung fiel mit großer Mehrheit, nachdem die Verwaltung zusätzliche Mittel für die Betreuung der Teilnehmer und für eine unabhängige Auswertung zugesagt hatte."]
      no-match: ["The council voted on Tuesday to extend the program for another two years, despite objections from several members of the opposition.\nThe decision was taken with a large majority after the administration promised additional money for the support of the participants."]
`), "site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	e := detect.New(set)
	if fails := e.CheckExamples(); len(fails) > 0 {
		t.Fatalf("examples: %v", fails)
	}
	for site, want := range map[string]int{"example.com": 1, "other.org": 0, "": 0} {
		p := input.ParseText("page.txt", []byte(strings.Join(lines, "\n")))
		p.Meta.Site = site
		if got := docs(e.Run(p, detect.Options{}), "example-english"); len(got) != want {
			t.Errorf("site %q: %d findings, want %d", site, len(got), want)
		}
	}
}

// TestDocumentRuleDisabledPerPath: a document rule switched off for a page
// reports nothing there.
func TestDocumentRuleDisabledPerPath(t *testing.T) {
	p := input.ParseText("page.txt", []byte(strings.Join(kroneArticle(t, 9), "\n")))
	res := defaultEngine(t).Run(p, detect.Options{Disabled: map[string]bool{"too-little-text": true}})
	if got := docs(res, "too-little-text"); len(got) != 0 {
		t.Errorf("disabled too-little-text reported %+v", got)
	}
}

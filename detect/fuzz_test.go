package detect_test

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/newslint/newslint/clean"
	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/page"
	"github.com/newslint/newslint/rules"
)

// The fuzz targets of the line scorer. `go test` runs them on their seed
// corpus (the f.Add calls, the example pages under testdata/seeds and
// testdata/fuzz/<Name>/); `go test -fuzz FuzzScoreText ./detect` explores.

var (
	fuzzEngineOnce sync.Once
	fuzzEngine     *detect.Engine
	fuzzEngineErr  error
)

// hostileEngine returns the engine of the built-in rules, built once.
func hostileEngine(t testing.TB) *detect.Engine {
	t.Helper()
	fuzzEngineOnce.Do(func() {
		set, err := rules.Default()
		fuzzEngine, fuzzEngineErr = detect.New(set), err
		if err != nil {
			fuzzEngine = nil
		}
	})
	if fuzzEngineErr != nil {
		t.Fatal(fuzzEngineErr)
	}
	return fuzzEngine
}

// hostileSeeds are inputs that have broken line scorers before: empty and
// blank pages, every kind of line end, byte-order marks, NUL and other
// control bytes, invalid UTF-8, legacy charsets, invisible characters.
var hostileSeeds = [][]byte{
	nil,
	[]byte("\n"),
	[]byte("\r\n\r\n"),
	[]byte("\r\r\r"),
	[]byte("\xef\xbb\xbf"),
	[]byte("\xef\xbb\xbfTitel\r\nEin Satz mit Worten.\r\n"),
	[]byte("eins\rzwei\r\ndrei\nvier"),
	[]byte("\x00\x00\x00\n\x00text\x00\n"),
	[]byte("\xff\xfe\x00H\x00a\x00l\x00l\x00o"),                         // UTF-16 LE
	[]byte("Gr\xfc\xdfe aus M\xfcnchen: Die Stra\xdfe ist gesperrt.\n"), // Latin-1
	[]byte("\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc\n\xed\xa0\x80\n"),
	[]byte("\u200b\n\ufeff\n\u00ad\n\u00a0\u3000\n\u2028\u2029\n\v\f\n"),
	[]byte("0 Kommentare\nvor 2 Stunden\nFolgen Sie uns auf\nPolitik / Ukraine / NATO\n(Bild: EPA/…)\n"),
	[]byte("Die Regierung hat am Montag in Berlin eine neue Studie vorgestellt, die zeigt, dass die Zahl der Fälle steigt.\n" +
		"Die Regierung hat am Montag in Berlin eine neue Studie vorgestellt, die zeigt, dass die Zahl der Fälle steigt.\n"),
	[]byte(strings.Repeat("a", 5000) + "\n" + strings.Repeat("Wort ", 2000)),
	[]byte(strings.Repeat("x\n", 500)),
	[]byte("…\n[…]\n...\n?!\n:\n»«\n\"\"\n"),
	[]byte("مرحبا بالعالم\nПривет мир. Это тест.\n数字发现。\n"),
	[]byte("e\u0301\u0301\u0301\u0301\n\U0001F600\U0001F600\n"),
	[]byte("<html><body><p>not parsed as HTML here</p></body></html>"),
	[]byte(`{"text": 5, "title": ["x"]}`),
}

// addSeedPages adds the example pages of the repository to f: the seeds,
// the corpus and the pages of the record fixtures.
func addSeedPages(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "seeds", "*.txt"))
	more, _ := filepath.Glob(filepath.Join("..", "testdata", "corpus", "*", "*.txt"))
	pages, _ := filepath.Glob(filepath.Join("..", "cmd", "newslint", "testdata", "records", "pages", "*.txt"))
	for _, p := range append(append(paths, more...), pages...) {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
}

// FuzzScoreText scores arbitrary bytes read as a text page with the
// built-in rules. It must not panic, and the result must hold what reports
// and clean rely on (see checkResult).
func FuzzScoreText(f *testing.F) {
	for _, s := range hostileSeeds {
		f.Add(s)
	}
	addSeedPages(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		e := hostileEngine(t)
		p := input.ParseText("fuzz.txt", data)
		res := e.Run(p, detect.Options{})
		checkResult(t, p, res, true)
	})
}

// FuzzRulesAndText compiles arbitrary rules (without the defaults) and
// scores an arbitrary page with them, and runs the rules' own examples: a
// rules file must not be able to crash the scorer.
func FuzzRulesAndText(f *testing.F) {
	f.Add([]byte(""), []byte("a\nb\n"))
	f.Add([]byte("extends: none\nrules:\n  - id: counter\n    kind: pattern\n    label: noise\n    category: comment-counter\n    description: x\n    patterns: ['^\\d+ Kommentare$']\n    examples: {match: ['0 Kommentare'], no-match: ['x']}\n"),
		[]byte("0 Kommentare\nText\n"))
	f.Add([]byte("extends: none\nrules:\n  - id: d\n    kind: duplicate\n    duplicate: exact\n    label: noise\n    category: duplicate\n    weight: 3\n    description: x\n    examples: {match: [\"a b\\n>> a b\"], no-match: ['x']}\n"),
		[]byte("a b\nc\na b\nA  B!\n"))
	f.Add([]byte("extends: none\nrules:\n  - id: ctx\n    kind: context\n    label: content\n    description: x\n    ends-article: true\n    when: {block: [inside, after], prev: {words: {min: 1}}, next: {score: {max: 0}}}\n    examples: {match: [\"a\\n>> b\\nc\"], no-match: ['x']}\n  - id: ph\n    kind: phrases\n    match: anywhere\n    label: noise\n    category: share\n    phrases: [uns auf, folgen]\n    description: x\n    examples: {match: ['Folgen Sie uns auf'], no-match: ['y']}\n"),
		[]byte("Titel\n\nFolgen Sie uns auf X\nEin langer Satz.\n"))
	f.Add([]byte("extends: none\nrules:\n  - id: w\n    kind: feature\n    label: content\n    weight: 1e308\n    description: x\n    when: {words: {min: 1}}\n    examples: {match: ['a'], no-match: ['']}\n  - id: v\n    kind: feature\n    label: noise\n    category: c\n    weight: 1e308\n    description: x\n    when: {chars: {min: 1}}\n    examples: {match: ['a'], no-match: ['']}\n"),
		[]byte("a\nb\n"))
	f.Fuzz(func(t *testing.T, yaml, text []byte) {
		set, err := rules.ParseOnly(yaml, "fuzz.yaml")
		if err != nil {
			return
		}
		e := detect.New(set)
		for _, fail := range e.CheckExamples() {
			_ = fail.Error()
		}
		p := input.ParseText("fuzz.txt", text)
		res := e.Run(p, detect.Options{})
		checkResult(t, p, res, false)
	})
}

// isBlank is the scorer's notion of a blank line: nothing but white space
// and invisible characters.
func isBlank(s string) bool {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == '\u00ad'
	}) == ""
}

// checkResult checks the invariants of a scored page: one verdict per
// non-blank line, in order, with the line's text as read; a valid label; a
// finite score whose sign agrees with the label (for the built-in rules,
// whose weights are sane); a category for every noise line; rules behind
// every hit; a main block made of the page's lines; and cleaned output
// made of the page's lines only.
func checkResult(t *testing.T, p *page.Page, res *detect.Result, saneWeights bool) {
	t.Helper()
	if res.Page != p {
		t.Fatal("result is for another page")
	}
	var want []page.Line
	for _, l := range p.Lines {
		if !isBlank(l.Text) {
			want = append(want, l)
		}
	}
	if len(res.Verdicts) != len(want) {
		t.Fatalf("%d verdicts for %d non-blank lines", len(res.Verdicts), len(want))
	}
	nums := map[int]bool{}
	for i := range res.Verdicts {
		v := &res.Verdicts[i]
		if v.Num != want[i].Num || v.Text != want[i].Text {
			t.Fatalf("verdict %d is line %d %q, want line %d %q", i, v.Num, v.Text, want[i].Num, want[i].Text)
		}
		nums[v.Num] = true
		switch v.Label {
		case rules.Noise, rules.Content, rules.Title, rules.Meta:
		default:
			t.Fatalf("line %d: label %d", v.Num, v.Label)
		}
		if saneWeights && (math.IsNaN(v.Score) || math.IsInf(v.Score, 0)) {
			t.Fatalf("line %d: score %g", v.Num, v.Score)
		}
		if math.IsNaN(v.Score) && v.Label != rules.Noise {
			t.Fatalf("line %d: score NaN kept as %s", v.Num, v.Label)
		}
		if saneWeights && (v.Score > 0) != (v.Label != rules.Noise) {
			t.Fatalf("line %d: score %g but label %s", v.Num, v.Score, v.Label)
		}
		if v.Label == rules.Noise && v.Category == "" {
			t.Fatalf("line %d: noise without a category", v.Num)
		}
		for _, h := range v.Hits {
			if h.Rule == nil || h.Rule.Disabled {
				t.Fatalf("line %d: hit of rule %v", v.Num, h.Rule)
			}
			if h.Delta != h.Rule.Sign()*h.Rule.Weight {
				t.Fatalf("line %d: rule %s added %g, its weight is %g", v.Num, h.Rule.ID, h.Delta, h.Rule.Weight)
			}
		}
		for f, x := range v.Features {
			if saneWeights && (math.IsNaN(x) || math.IsInf(x, 0)) {
				t.Fatalf("line %d: feature %d is %g", v.Num, f, x)
			}
		}
		_ = v.Rule()
	}
	if (res.BlockStart == 0) != (res.BlockEnd == 0) || res.BlockStart > res.BlockEnd {
		t.Fatalf("block %d-%d", res.BlockStart, res.BlockEnd)
	}
	if res.BlockStart != 0 && (!nums[res.BlockStart] || !nums[res.BlockEnd]) {
		t.Fatalf("block %d-%d does not start and end on non-blank lines", res.BlockStart, res.BlockEnd)
	}
	for _, d := range res.Docs {
		if d.Rule == nil || d.Message == "" || (d.Line != 0 && !nums[d.Line]) {
			t.Fatalf("document finding %+v", d)
		}
	}
	// Cleaning with every label kept writes the non-blank lines, in order,
	// as read, and invents nothing.
	all := []rules.Label{rules.Noise, rules.Content, rules.Title, rules.Meta}
	var got []string
	for _, l := range strings.Split(string(clean.Text(res, all, "\n")), "\n") {
		if l != "" {
			got = append(got, l)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("clean keeping every label wrote %d lines for %d non-blank lines", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i].Text {
			t.Fatalf("clean wrote %q for line %d %q", got[i], want[i].Num, want[i].Text)
		}
	}
}

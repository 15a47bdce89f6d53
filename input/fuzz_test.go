package input

import (
	"bytes"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/page"
	"github.com/newslint/newslint/rules"
)

// The fuzz targets of the input readers: plain text, JSON and JSON Lines
// records, and HTML as the input reader passes it on (htmltext has its own
// FuzzParse for the renderer). Each read page is scored as well, so that
// whatever a reader makes of hostile bytes is something the scorer takes.
// `go test` runs the seeds (the f.Add calls and testdata/fuzz/<Name>/);
// `go test -fuzz FuzzRecords ./input` explores.

var (
	scorerOnce sync.Once
	scorer     *detect.Engine
)

// scorePage scores p with the built-in rules and checks that every
// non-blank line got a verdict with a valid label and a finite score.
func scorePage(t *testing.T, p *page.Page) {
	t.Helper()
	scorerOnce.Do(func() {
		set, err := rules.Default()
		if err != nil {
			panic(err)
		}
		scorer = detect.New(set)
	})
	res := scorer.Run(p, detect.Options{})
	last := 0
	for _, v := range res.Verdicts {
		if v.Num <= last {
			t.Fatalf("verdict for line %d after line %d", v.Num, last)
		}
		last = v.Num
		if v.Label > rules.Meta || math.IsNaN(v.Score) || math.IsInf(v.Score, 0) {
			t.Fatalf("line %d: label %d, score %g", v.Num, v.Label, v.Score)
		}
		if v.Label == rules.Noise && v.Category == "" {
			t.Fatalf("line %d: noise without a category", v.Num)
		}
	}
}

// FuzzParseText reads arbitrary bytes as a text page. Every byte but the
// line ends and a leading byte-order mark must be kept, in order, and LF,
// CRLF and lone CR must each end exactly one line.
func FuzzParseText(f *testing.F) {
	for _, s := range []string{
		"", "\n", "\r", "\r\n", "\n\r", "\r\r\n\n", "a", "a\n", "a\r\nb\rc\nd",
		"\xef\xbb\xbf", "\xef\xbb\xbf\xef\xbb\xbfa", "\xef\xbb\xbfTitel\r\n\r\nText\r\n",
		"\x00\x00\n\x00", "\xff\xfe\x00a\x00\r\x00\n\x00", "Gr\xfc\xdfe\r\nStra\xdfe",
		"\xc3\x28\xe2\x82\n\xf0\x9f\x98", "\u2028\u2029\u0085\v\f", strings.Repeat("\r\n", 100),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := ParseText("fuzz.txt", data)
		if p.Path != "fuzz.txt" {
			t.Fatalf("path %q", p.Path)
		}
		body := bytes.TrimPrefix(data, utf8BOM)
		var joined strings.Builder
		for i, l := range p.Lines {
			if l.Num != i+1 || l.SourceLine != l.Num {
				t.Fatalf("line %d numbered %d (source %d)", i+1, l.Num, l.SourceLine)
			}
			if strings.ContainsAny(l.Text, "\r\n") {
				t.Fatalf("line %d holds a line end: %q", l.Num, l.Text)
			}
			joined.WriteString(l.Text)
		}
		if want := strings.NewReplacer("\r", "", "\n", "").Replace(string(body)); joined.String() != want {
			t.Fatalf("lines hold %q, want %q", joined.String(), want)
		}
		ends := len(lineEndRE.FindAllIndex(body, -1))
		want := ends
		if len(body) > 0 && !bytes.HasSuffix(body, []byte("\n")) && !bytes.HasSuffix(body, []byte("\r")) {
			want++
		}
		if len(p.Lines) != want {
			t.Fatalf("%d lines for %d line ends in %q", len(p.Lines), ends, body)
		}
		if eol := LineEnding(data); eol != "\n" && eol != "\r\n" {
			t.Fatalf("line ending %q", eol)
		}
		scorePage(t, p)
	})
}

var lineEndRE = regexp.MustCompile(`\r\n|\r|\n`)

// recordErrorRE is what an error about a record must start with: the file
// and a line (and a column or record index where there is one).
var recordErrorRE = regexp.MustCompile(`^fuzz\.json(?:l)?:\d+(?::\d+| \(record \d+\))?: `)

// FuzzRecords reads arbitrary bytes as a JSON Lines file and as a JSON
// document. Reading and parsing must not panic; every error must name the
// file and the line; every record read must become a page the scorer takes.
func FuzzRecords(f *testing.F) {
	for _, s := range []string{
		"",
		"\n\n",
		`{"text":"Zeile eins\nZeile zwei","title":"T","url":"https://example.com/a","lang":"de"}`,
		"{\"text\":\"a\"}\n{\"text\":\"b\"}\r\n\n{\"content\":\"c\"}",
		`[{"text":"a"},{"body":"b"},{"articleBody":"c"}]`,
		`{"text": 5}`,
		`{"text": null, "content": ["x"], "body": {"a": 1}}`,
		`{"text": "a", "text": 7}`,
		`{"TEXT": "upper"}`,
		`{"text": "<p>Hallo</p><p>Welt</p>"}`,
		`{"text": "<html><body><div><div><p>nested`,
		`{"text": "truncated`,
		`{"text": "a"`,
		`[{"text": "a"}, `,
		`[1, "x", null, [], {"text": "ok"}]`,
		`"just a string"`,
		`{"text":"\u0000\ud800\udfff\\"}`,
		"\xef\xbb\xbf{\"text\":\"bom\"}",
		"{\"text\":\"bad \xff utf8\"}",
		`{"article":{"body":"nested field"}}`,
		strings.Repeat("[", 200) + strings.Repeat("]", 200),
		strings.Repeat(`{"a":`, 100) + `{"text":"deep"}` + strings.Repeat("}", 100),
		`{"text":"a"} {"text":"b"}`,
	} {
		f.Add([]byte(s), true, "")
		f.Add([]byte(s), false, "")
	}
	records := filepath.Join("..", "cmd", "newslint", "testdata", "records")
	for _, name := range []string{"mixed.jsonl", "nested.jsonl", "array.json"} {
		if data, err := os.ReadFile(filepath.Join(records, name)); err == nil {
			f.Add(data, strings.HasSuffix(name, ".jsonl"), "")
		}
	}
	f.Add([]byte(`{"article":{"body":"nested field"}}`), true, "article.body")
	f.Add([]byte(`{"a.b":"dotted key"}`), true, "a.b")
	f.Add([]byte(`{"text":{"x":1}}`), false, "text.x")
	f.Fuzz(func(t *testing.T, data []byte, jsonl bool, field string) {
		format, path := JSON, "fuzz.json"
		if jsonl {
			format, path = JSONL, "fuzz.jsonl"
		}
		err := recordUnits(path, bytes.NewReader(data), format, Options{Field: field}, func(u Unit) error {
			if u.Format != format {
				t.Fatalf("unit format %v, want %v", u.Format, format)
			}
			if u.Record < 0 {
				t.Fatalf("record %d", u.Record)
			}
			p, err := u.Parse()
			if err != nil {
				if !recordErrorRE.MatchString(err.Error()) {
					t.Fatalf("record error does not name the file and line: %q", err)
				}
				if p != nil {
					t.Fatalf("page and error both returned")
				}
				return nil
			}
			if p.Path != path || p.Record != u.Record {
				t.Fatalf("page %s#%d for unit %d of %s", p.Path, p.Record, u.Record, path)
			}
			for _, l := range p.Lines {
				if strings.ContainsAny(l.Text, "\r\n") {
					t.Fatalf("line %d holds a line end: %q", l.Num, l.Text)
				}
			}
			scorePage(t, p)
			return nil
		})
		if err != nil && !strings.HasPrefix(err.Error(), path+":") {
			t.Fatalf("error does not name the file: %q", err)
		}
	})
}

// FuzzHTMLPage reads arbitrary bytes as an HTML page through the input
// reader, with and without the readability library, and scores the page.
func FuzzHTMLPage(f *testing.F) {
	for _, s := range []string{
		"",
		"<",
		"<html><head><title>T</title></head><body><h1>Titel</h1><p>Text.</p></body></html>",
		"<p>unclosed <b>bold <i>italic",
		strings.Repeat("<div>", 5000) + "deep" + strings.Repeat("</div>", 10),
		strings.Repeat("<table><tr><td>", 500),
		"<body><nav><ul><li><a href=/>Home</a></li></ul></nav><article><p>Body</p></article><footer>©</footer>",
		"<meta charset=\"iso-8859-1\"><p>Gr\xfc\xdfe</p>",
		"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>",
		"<meta charset=\"shift_jis\"><p>\x93\xfa\x96\x7b</p>",
		"<meta charset=\"utf-16\"><p>x</p>",
		"\xff\xfe<\x00p\x00>\x00a\x00",
		"<p>\x00NUL\x00</p><script>var x = '</p>';</script><style>p{display:none}</style>",
		"<!DOCTYPE html><!-- unclosed comment <p>x</p>",
		"<svg><foreignObject><p>x</p></foreignObject></svg><math><mi>y</mi></math>",
		"<pre>line 1\r\nline 2\rline 3</pre><br><br/><br />",
		"<p aria-hidden=true>hidden</p><p hidden>also</p><template><p>t</p></template>",
		"<iframe srcdoc=\"<p>x</p>\"></iframe><noscript><p>n</p></noscript>",
	} {
		f.Add([]byte(s), false)
	}
	f.Add([]byte("<html><body><article><h1>T</h1><p>Ein Satz. Noch einer.</p></article></body></html>"), true)
	pages, _ := filepath.Glob(filepath.Join("..", "cmd", "newslint", "testdata", "records", "pages", "*.html"))
	for _, p := range pages {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data, false)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, readability bool) {
		p, err := ParseHTML("fuzz.html", data, Options{Readability: readability})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.html") {
				t.Fatalf("error does not name the file: %q", err)
			}
			return
		}
		if p == nil {
			t.Fatal("no page and no error")
		}
		for i, l := range p.Lines {
			if strings.ContainsAny(l.Text, "\r\n") {
				t.Fatalf("line %d holds a line end: %q", l.Num, l.Text)
			}
			if i > 0 && l.Num <= p.Lines[i-1].Num {
				t.Fatalf("line %d after line %d", l.Num, p.Lines[i-1].Num)
			}
		}
		scorePage(t, p)
	})
}

// errReader fails after n bytes.
type errReader struct {
	n   int
	err error
}

func (r *errReader) Read(b []byte) (int, error) {
	if r.n <= 0 {
		return 0, r.err
	}
	k := min(len(b), r.n)
	for i := range b[:k] {
		b[i] = "{\"text\":\"a\"}\n"[i%13]
	}
	r.n -= k
	return k, nil
}

// TestRecordReadErrorNamesFile: a JSON Lines file that fails half-way (an
// I/O error, a vanished network mount) reports the file and line, after
// the records read before it.
func TestRecordReadErrorNamesFile(t *testing.T) {
	eio := errors.New("input/output error")
	var n int
	err := recordUnits("broken.jsonl", &errReader{n: 13 * 5, err: eio}, JSONL, Options{}, func(u Unit) error {
		n++
		return nil
	})
	if n != 5 || err == nil || !errors.Is(err, eio) || !strings.HasPrefix(err.Error(), "broken.jsonl:6: ") {
		t.Errorf("read %d records, error %v; want 5 records and broken.jsonl:6: …", n, err)
	}
	err = recordUnits("broken.json", &errReader{n: 100, err: eio}, JSON, Options{}, func(Unit) error { return nil })
	if err == nil || !errors.Is(err, eio) || !strings.HasPrefix(err.Error(), "broken.json: ") {
		t.Errorf("error %v; want broken.json: …", err)
	}
	var _ io.Reader = (*errReader)(nil)
}

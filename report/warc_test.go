package report_test

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/page"
	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/rules"
)

// warcSteps are two responses of a WARC file as the WARC reader makes
// them: numbered by their record, named by their target URI, their lines
// pointing at no line of the file; and a record that could not be read.
func warcSteps(t *testing.T, set *rules.Set) []step {
	t.Helper()
	const path = "testdata/crawl.warc.gz"
	mk := func(record int, uri string, lines ...string) *page.Page {
		p := &page.Page{Path: path, Record: record, RecordName: uri,
			Meta: page.Meta{URL: uri, Site: page.SiteOf(uri), Title: lines[0]}}
		for i, l := range lines {
			p.Lines = append(p.Lines, page.Line{Text: l, Num: i + 1})
		}
		return p
	}
	eng := detect.New(set)
	gate := testGate(set)
	var steps []step
	for _, p := range []*page.Page{
		mk(15, "http://127.0.0.1:8000/rutte.html",
			"NATO-Chef Rutte: „Die USA fühlen sich uneingeschränkt verpflichtet“",
			"",
			"NATO-Generalsekretär Mark Rutte macht sich laut eigener Aussage „überhaupt keine Sorgen“ um die Bündnistreue der USA. Diese würden sich der NATO „uneingeschränkt verpflichtet fühlen“, sagte er. Ein sicheres Europa habe für die Vereinigten Staaten Priorität.",
			"",
			"0 Kommentare",
			"",
			"Folgen Sie uns auf"),
		mk(19, "http://127.0.0.1:8000/ostsee.html",
			"Ostsee-Fähre fährt wieder",
			"Nach drei Wochen in der Werft läuft die Fähre zwischen Rostock und Gedser wieder planmäßig aus. Die Reederei hatte die Maschinen überholen lassen, weil ein Getriebe Öl verloren hatte.",
			"3 Kommentare",
			"vor 12 Minuten",
			"Folgen Sie uns auf"),
	} {
		steps = append(steps, step{page: report.NewPage(eng.Run(p, detect.Options{}), gate)})
	}
	steps = append(steps, step{path: path, record: 23,
		err: errors.New(path + `: WARC record 23 (http://127.0.0.1:8000/br.html): Content-Encoding "br" is not supported (gzip, deflate and zstd are)`)})
	return steps
}

// TestWARCFormats: every format names the pages of a WARC file by their
// target URI (path#uri:line in text), and SARIF and JSON carry the URI.
func TestWARCFormats(t *testing.T) {
	set := testSet(t)
	steps := warcSteps(t, set)
	for _, tt := range writers {
		name := filepath.Base(tt.golden)
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			render(t, tt.new(&buf, set), steps, nil)
			checkGolden(t, "golden/warc/"+name, buf.Bytes())
			out := buf.String()
			if name != "statistics.txt" && !strings.Contains(out, "http://127.0.0.1:8000/rutte.html") {
				t.Errorf("the report does not name the page by its URI:\n%s", out)
			}
		})
	}
	var text bytes.Buffer
	render(t, &report.Text{W: &text, MinSeverity: rules.Warning}, steps, nil)
	if !strings.Contains(text.String(), "testdata/crawl.warc.gz#http://127.0.0.1:8000/rutte.html:5: comment-counter [comment-counter]") {
		t.Errorf("text: no finding named path#uri:line:\n%s", text.String())
	}
}

// TestWARCSchemas validates the JSON and SARIF reports of WARC pages.
func TestWARCSchemas(t *testing.T) {
	set := testSet(t)
	steps := warcSteps(t, set)
	var js, sarif bytes.Buffer
	render(t, &report.JSON{W: &js, Version: "test"}, steps, nil)
	validate(t, compileSchema(t, "schema/newslint-report.schema.json"), "the JSON report of WARC pages", js.Bytes())
	render(t, &report.SARIF{W: &sarif, Rules: set, Version: "test", Root: "/work"}, steps, nil)
	validate(t, compileSchema(t, filepath.Join(sharedDir(t), "schemas", "sarif-schema-2.1.0.json")), "the SARIF report of WARC pages", sarif.Bytes())
	for _, want := range []string{`"uri": "http://127.0.0.1:8000/rutte.html"`, `"fullyQualifiedName": "http://127.0.0.1:8000/rutte.html"`} {
		if !strings.Contains(js.String()+sarif.String(), want) {
			t.Errorf("no %s in the JSON or SARIF report", want)
		}
	}
}

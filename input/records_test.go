package input

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newslint/newslint/page"
)

// unitResult is what a test sees of one unit.
type unitResult struct {
	record int
	raw    string
	page   *page.Page
	err    string
}

func readUnits(t *testing.T, name, data string, opt Options) ([]unitResult, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	var got []unitResult
	err := Units(Target{Path: path, Root: path}, opt, func(u Unit) error {
		p, err := u.Parse()
		r := unitResult{record: u.Record, raw: string(u.Raw), page: p}
		if err != nil {
			r.err = strings.ReplaceAll(err.Error(), path, name)
		}
		if want := FormatOf(name); u.Format != want {
			t.Errorf("unit %d: format %v, want %v", u.Record, u.Format, want)
		}
		got = append(got, r)
		return nil
	})
	if err != nil {
		err = errorString(strings.ReplaceAll(err.Error(), path, name))
	}
	return got, err
}

type errorString string

func (e errorString) Error() string { return string(e) }

func TestJSONLUnits(t *testing.T) {
	data := `{"url":"https://www.krone.at/1","title":"NATO-Chef","lang":"de","text":"Zeile eins\n\nZeile drei"}` + "\n" +
		"\n" +
		`{"text":"kaputt` + "\n" +
		`{"id":4}` + "\r\n" +
		`["not", "an", "object"]` + "\n" +
		`{"text":42}` + "\n" +
		`{"article":{"body":"tief"}}` + "\n" +
		`{"content":"ohne Zeilenende"}`
	got, err := readUnits(t, "data.jsonl", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		record int
		lines  []string
		err    string
	}{
		{1, []string{"Zeile eins", "", "Zeile drei"}, ""},
		{3, nil, `data.jsonl:3:16: invalid JSON: the value ends early (a truncated record?)`},
		{4, nil, `data.jsonl:4: record has no text field (tried text, content, body, articleBody, maintext); name the text field with --field`},
		{5, nil, `data.jsonl:5: record is an array, not a JSON object`},
		{6, nil, `data.jsonl:6: record has no text field (tried text, content, body, articleBody, maintext): field "text" is a number, not a string; name the text field with --field`},
		{7, nil, `data.jsonl:7: record has no text field (tried text, content, body, articleBody, maintext); name the text field with --field`},
		{8, []string{"ohne Zeilenende"}, ""},
	}
	if len(got) != len(want) {
		t.Fatalf("%d units, want %d", len(got), len(want))
	}
	raws := strings.Split(data, "\n")
	for i, w := range want {
		g := got[i]
		if g.record != w.record || g.err != w.err {
			t.Errorf("unit %d: record %d, error %q; want record %d, error %q", i, g.record, g.err, w.record, w.err)
			continue
		}
		if g.raw != raws[w.record-1] {
			t.Errorf("unit %d: raw %q, want the line %q", i, g.raw, raws[w.record-1])
		}
		if w.err != "" {
			continue
		}
		p := g.page
		if p.Record != w.record || len(p.Lines) != len(w.lines) {
			t.Fatalf("unit %d: page #%d with %d lines, want #%d with %d", i, p.Record, len(p.Lines), w.record, len(w.lines))
		}
		for j, l := range p.Lines {
			if l.Text != w.lines[j] || l.Num != j+1 || l.SourceLine != w.record {
				t.Errorf("unit %d line %d: %+v, want %q num %d source line %d", i, j, l, w.lines[j], j+1, w.record)
			}
		}
	}
	if m := got[0].page.Meta; m != (page.Meta{Title: "NATO-Chef", URL: "https://www.krone.at/1", Site: "krone.at", Lang: "de"}) {
		t.Errorf("meta %+v", m)
	}

	got, _ = readUnits(t, "data.jsonl", data, Options{Field: "article.body"})
	if got[0].err != `data.jsonl:1: record has no field "article" (--field article.body)` {
		t.Errorf("--field error %q", got[0].err)
	}
	if p := got[5].page; p == nil || p.Lines[0].Text != "tief" {
		t.Errorf("--field article.body: %+v", got[5])
	}
}

func TestJSONUnits(t *testing.T) {
	data := "[\n  {\n    \"title\": \"T\",\n    \"text\": \"a\\nb\"\n  },\n  \"oops\",\n  {\"text\": \"c\"}\n]\n"
	got, err := readUnits(t, "data.json", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d units, want 3", len(got))
	}
	if g := got[0]; g.record != 1 || g.page.Record != 1 || len(g.page.Lines) != 2 || g.page.Lines[1].SourceLine != 2 || g.page.Meta.Title != "T" {
		t.Errorf("element 1: %+v %+v", g, g.page)
	}
	if g := got[1]; g.record != 2 || g.raw != `"oops"` || g.err != "data.json:6 (record 2): record is a string, not a JSON object" {
		t.Errorf("element 2: %+v", g)
	}
	if g := got[2]; g.record != 3 || g.page.Lines[0].SourceLine != 7 {
		t.Errorf("element 3: %+v %+v", g, g.page)
	}

	got, err = readUnits(t, "one.json", "{\"text\": \"x\"}\n", Options{})
	if err != nil || len(got) != 1 || got[0].record != 0 || got[0].page.Record != 0 || got[0].raw != "{\"text\": \"x\"}\n" {
		t.Errorf("single object: %+v, %v", got, err)
	}

	_, err = readUnits(t, "bad.json", "[\n  {\"text\": \"a\"},\n  {\"text\": \"b\"\n]\n", Options{})
	if err == nil || err.Error() != "bad.json:4:1: invalid JSON: invalid character ']' after object key:value pair" {
		t.Errorf("syntax error: %v", err)
	}
	got, err = readUnits(t, "empty.json", " [ ]\n", Options{})
	if err != nil || len(got) != 0 {
		t.Errorf("empty array: %+v, %v", got, err)
	}
}

func TestLooksLikeHTML(t *testing.T) {
	for s, want := range map[string]bool{
		"<html><body><p>Text</p></body></html>":   true,
		"\n  <!DOCTYPE html>\n<html>":             false, // no end tag yet
		"<!DOCTYPE html><title>x</title>":         true,
		"<p>Eins<br>Zwei":                         true,
		"<div class=a/>":                          true,
		"<Anzeige> Ein Text mit spitzen Klammern": false,
		"Text mit <b>fett</b>":                    false,
		"<3 Herzen </3":                           false,
		"":                                        false,
	} {
		if got := looksLikeHTML(s); got != want {
			t.Errorf("looksLikeHTML(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestHTMLField checks that a text field holding HTML is read as a page
// whatever the HTML reader does: rendered by it, or as text if it fails.
func TestHTMLField(t *testing.T) {
	data := `{"url":"https://www.thespacereview.com/article/3834/1","title":"Record title","text":"<html><head><title>Head title</title></head><body><h1>A big rocket</h1><p>Seeking a bigger role.</p></body></html>"}` + "\n"
	got, err := readUnits(t, "h.jsonl", data, Options{})
	if err != nil || len(got) != 1 || got[0].err != "" {
		t.Fatalf("%+v, %v", got, err)
	}
	p := got[0].page
	if p.Record != 1 || p.Path == "" || p.Meta.Title != "Record title" || p.Meta.Site != "thespacereview.com" || len(p.Lines) == 0 {
		t.Errorf("page %+v", p)
	}
	for _, l := range p.Lines {
		if l.SourceLine != 1 {
			t.Errorf("line %+v: source line %d, want 1", l, l.SourceLine)
		}
	}
}

func TestSniffRecords(t *testing.T) {
	for head, want := range map[string]Format{
		`{"text":"a"}` + "\n" + `{"text":"b"}`: JSONL,
		"{\n  \"text\": \"a\"\n}\n":            JSON,
		"\xef\xbb\xbf{ \r\n\t\"text\": 1}":     JSON,
		"  [{\"text\":\"a\"}]":                 JSON,
		"<!doctype html>":                      HTML,
		"Text":                                 Text,
	} {
		if got := sniff([]byte(head)); got != want {
			t.Errorf("sniff(%q) = %v, want %v", head, got, want)
		}
	}
}

// TestSniffReaderDoesNotWait writes one short record to a pipe and leaves
// it open: the format must be told from what was sent, without waiting for
// the 512 bytes sniffing looks at in a file.
func TestSniffReaderDoesNotWait(t *testing.T) {
	for head, want := range map[string]Format{
		`{"text":"a"}` + "\n": JSONL,
		"{\n":                 JSON,
		"[":                   JSON,
		"<p>":                 HTML,
	} {
		pr, pw := io.Pipe()
		go pw.Write([]byte(head)) // the pipe stays open
		got := make(chan Format, 1)
		go func() { got <- sniffReader(bufio.NewReader(pr)) }()
		select {
		case f := <-got:
			if f != want {
				t.Errorf("sniffReader(%q) = %v, want %v", head, f, want)
			}
		case <-time.After(20 * time.Second):
			t.Errorf("sniffReader(%q) still waits for more input", head)
		}
		pw.Close()
	}
}

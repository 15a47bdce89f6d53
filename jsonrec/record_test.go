package jsonrec

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/newslint/newslint/page"
)

func TestTextField(t *testing.T) {
	tests := []struct {
		name, rec, path string
		want            string // the field's path, or the error
		text            string
	}{
		{"text", `{"title":"T","text":"a\nb"}`, "", "text", "a\nb"},
		{"first common name wins", `{"body":"B","content":"C"}`, "", "content", "C"},
		{"a null text is skipped", `{"text":null,"maintext":"M"}`, "", "maintext", "M"},
		{"case is ignored after exact names", `{"Body":"B"}`, "", "Body", "B"},
		{"exact name before folded", `{"TEXT":"T","articleBody":"A"}`, "", "articleBody", "A"},
		{"later duplicate wins", `{"text":"one","text":"two"}`, "", "text", "two"},
		{"nested path", `{"article":{"title":"x","body":"deep \u00e9"}}`, "article.body", "article.body", "deep é"},
		{"dotted key", `{"article.body":"flat"}`, "article.body", "article.body", "flat"},
		{"escaped key", `{"te\u0078t":"escaped key"}`, "", "text", "escaped key"},
		{"no text field", `{"title":"T","summary":"S"}`, "", "record has no text field (tried text, content, body, articleBody, maintext)", ""},
		{"text of the wrong type", `{"text":42}`, "", `record has no text field (tried text, content, body, articleBody, maintext): field "text" is a number, not a string`, ""},
		{"named field missing", `{"article":{"title":"x"}}`, "article.body", `record has no field "article.body"`, ""},
		{"named field's parent not an object", `{"article":"x"}`, "article.body", `field "article" is a string, not an object`, ""},
		{"named field not a string", `{"article":{"body":["p1","p2"]}}`, "article.body", `field "article.body" is an array, not a string`, ""},
		{"parent missing", `{"x":1}`, "article.body", `record has no field "article"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse([]byte(tt.rec))
			if err != nil {
				t.Fatal(err)
			}
			f, err := r.TextField(tt.path)
			if err != nil {
				if err.Error() != tt.want {
					t.Errorf("error %q, want %q", err, tt.want)
				}
				if tt.path == "" && !errors.Is(err, ErrNoTextField) {
					t.Errorf("error %q does not wrap ErrNoTextField", err)
				}
				return
			}
			if f.Path != tt.want || r.String(f) != tt.text {
				t.Errorf("field %q = %q, want %q = %q", f.Path, r.String(f), tt.want, tt.text)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		rec    string
		want   string
		offset int // of a syntax error, -1 if none
	}{
		{`{"text":"ok"`, "invalid JSON: the value ends early (a truncated record?)", 12},
		{`{"text":"a" "b"}`, "invalid JSON: invalid character '\"' after object key:value pair", 12},
		{`{"text":"a"} {"text":"b"}`, "invalid JSON: invalid character '{' after top-level value", 13},
		{`{text:"a"}`, "invalid JSON: invalid character 't' looking for beginning of object key string", 1},
		{``, "invalid JSON: the value ends early (a truncated record?)", 0},
		{`[{"text":"a"}]`, "record is an array, not a JSON object", -1},
		{`"text"`, "record is a string, not a JSON object", -1},
		{`  null `, "record is null, not a JSON object", -1},
		{`-1.5e3`, "record is a number, not a JSON object", -1},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.rec))
		if err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%q) = %v, want %q", tt.rec, err, tt.want)
			continue
		}
		var se *SyntaxError
		if errors.As(err, &se) != (tt.offset >= 0) || se != nil && se.Offset != tt.offset {
			t.Errorf("Parse(%q): syntax error %+v, want offset %d", tt.rec, se, tt.offset)
		}
	}
}

// record is a record with fields of every kind, spelled the ways scrapers
// spell them: escapes, exponents, nesting, odd spacing.
const record = ` {"id":1, "url" : "https:\/\/www.krone.at\/3812345",` +
	`"title":"NATO-Chef: \u201eDie USA\u201c","score":1.5E+3,"ratio":-2.5e-7,"big":12345678901234567890,` +
	`"nested":{"tags":["Au\u00dfen\"politik\\","NATO"],"deep":{"empty":{},"list":[ ],"t":true,"n":null}},` +
	`"text":"Zeile eins\n\nZeile \"zwei\" \\ \u00fc \ud83d\udcf0","emoji":"\ud83d\udcf0",  "end":[1,{"a":"}"}]}` + "\r"

func TestReplaceKeepsTheRest(t *testing.T) {
	r, err := Parse([]byte(record))
	if err != nil {
		t.Fatal(err)
	}
	f, err := r.TextField("")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.String(f), "Zeile eins\n\nZeile \"zwei\" \\ ü 📰"; got != want {
		t.Fatalf("text %q, want %q", got, want)
	}
	for _, s := range []string{"", "Zeile eins", "<b>&amp;</b>\t\"q\"\\\n\u2028\x01", "\xff bad UTF-8"} {
		out := r.Replace(f, s)
		if !bytes.Equal(out[:f.Start], []byte(record[:f.Start])) || !bytes.HasSuffix(out, []byte(record[f.End:])) {
			t.Errorf("Replace(%q) changed bytes outside the text field:\n%s", s, out)
		}
		r2, err := Parse(out)
		if err != nil {
			t.Fatalf("Replace(%q) = invalid JSON %s: %v", s, out, err)
		}
		f2, _ := r2.TextField("")
		want := string([]rune(s))
		if got := r2.String(f2); got != want {
			t.Errorf("Replace(%q): text reads back as %q", s, got)
		}
	}
}

func TestSet(t *testing.T) {
	tests := []struct{ rec, want string }{
		{`{"text":"a","id":1}`, `{"text":"a","id":1,"clean":"x"}`},
		{`{"text": "a", "id": 1}`, `{"text": "a", "id": 1, "clean": "x"}`},
		{"{\n  \"text\": \"a\",\n  \"id\": 1\n}\n", "{\n  \"text\": \"a\",\n  \"id\": 1,\n  \"clean\": \"x\"\n}\n"},
		{`{}`, `{"clean":"x"}`},
		{` { } `, ` {"clean":"x" } `},
		{`{"clean":"old","text":"a"}`, `{"clean":"x","text":"a"}`},
		{`{"clean":{"deep":1},"text":"a"}`, `{"clean":"x","text":"a"}`},
	}
	for _, tt := range tests {
		r, err := Parse([]byte(tt.rec))
		if err != nil {
			t.Fatal(err)
		}
		if got := string(r.Set("clean", "x")); got != tt.want {
			t.Errorf("Set on %q = %q, want %q", tt.rec, got, tt.want)
		}
	}
}

func TestAppendString(t *testing.T) {
	for _, s := range []string{
		"", "plain", "quote \" backslash \\ slash /", "<html> & </html>",
		"\x00\x01\x1f\x7f \b\f\n\r\t", "ü € 📰", "line\u2028para\u2029", "\xff\xfe", "a\xc3", "\xed\xa0\x80",
	} {
		got := AppendString(nil, s)
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Errorf("AppendString(%q) = %s: not JSON: %v", s, got, err)
			continue
		}
		if want := string([]rune(s)); back != want {
			t.Errorf("AppendString(%q) = %s reads back as %q", s, got, back)
		}
		// encoding/json, HTML escaping off, writes the same bytes.
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.Encode(s)
		if want := strings.TrimSuffix(b.String(), "\n"); string(got) != want {
			t.Errorf("AppendString(%q) = %s, encoding/json writes %s", s, got, want)
		}
	}
}

func TestMeta(t *testing.T) {
	tests := []struct {
		name, rec, path string
		want            page.Meta
	}{
		{"common names", `{"title":" NATO-Chef \n Rutte ","url":"https://www.Krone.at/1","lang":"de-AT","author":"APA","date":"2025-12-23","text":""}`, "",
			page.Meta{Title: "NATO-Chef Rutte", URL: "https://www.Krone.at/1", Site: "krone.at", Lang: "de", Byline: "APA", Published: "2025-12-23"}},
		{"schema.org", `{"headline":"H","author":[{"@type":"Person","name":"A. B."},{"name":"C"}],"datePublished":"2019","publisher":{"name":"TechCrunch"},"inLanguage":"en","articleBody":""}`, "",
			page.Meta{Title: "H", Byline: "A. B., C", Published: "2019", SiteName: "TechCrunch", Lang: "en"}},
		{"news-please", `{"authors":["X","Y"],"date_publish":"2018-08-08","language":"en","maintext":"","source_domain":"www.linknaija.com","title":"T"}`, "",
			page.Meta{Title: "T", Byline: "X, Y", Published: "2018-08-08", Lang: "en", Site: "linknaija.com"}},
		{"url beats hostname", `{"hostname":"a.example","url":"https://b.example/x","text":""}`, "",
			page.Meta{URL: "https://b.example/x", Site: "b.example"}},
		{"the text's object first", `{"title":"outer","url":"https://x.example/","article":{"title":"inner","body":""}}`, "article.body",
			page.Meta{Title: "inner", URL: "https://x.example/", Site: "x.example"}},
		{"not a language, empty title, numbers", `{"lang":"Deutsch","title":"","date":1700000000,"text":""}`, "",
			page.Meta{}},
		{"case folded", `{"Title":"T","URL":"http://www.a.example","text":""}`, "",
			page.Meta{Title: "T", URL: "http://www.a.example", Site: "a.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse([]byte(tt.rec))
			if err != nil {
				t.Fatal(err)
			}
			f, err := r.TextField(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Meta(f); got != tt.want {
				t.Errorf("Meta = %+v\nwant   %+v", got, tt.want)
			}
		})
	}
}

func BenchmarkParseReplace(b *testing.B) {
	text := strings.Repeat("NATO-Generalsekretär Mark Rutte macht sich laut eigener Aussage „überhaupt keine Sorgen“.\n", 60)
	raw := []byte(`{"url":"https://www.krone.at/1","title":"T","text":` + string(AppendString(nil, text)) + `,"n":1.5e3}`)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := Parse(raw)
		if err != nil {
			b.Fatal(err)
		}
		f, _ := r.TextField("")
		_ = r.Meta(f)
		_ = r.Replace(f, r.String(f))
	}
}

// TestReplaceKeepsEscaping writes the new text as the record was written:
// with \u escapes if the record escapes everything outside ASCII (as
// Python's json.dumps does by default), in UTF-8 otherwise.
func TestReplaceKeepsEscaping(t *testing.T) {
	for _, tt := range []struct{ rec, want string }{
		{`{"text":"\u00fcber"}`, `{"text":"\u00fc \ud83d\udcf0 \u2028"}`},
		{`{"text":"über"}`, `{"text":"ü 📰 \u2028"}`},
		{`{"text":"plain"}`, `{"text":"ü 📰 \u2028"}`},
	} {
		r, err := Parse([]byte(tt.rec))
		if err != nil {
			t.Fatal(err)
		}
		f, _ := r.TextField("")
		if got := string(r.Replace(f, "ü 📰 \u2028")); got != tt.want {
			t.Errorf("Replace in %s = %s, want %s", tt.rec, got, tt.want)
		}
	}
}

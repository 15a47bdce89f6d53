package jsonrec

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestLines(t *testing.T) {
	long := `{"text":"` + strings.Repeat("x", 200<<10) + `"}` // longer than the reader's buffer
	in := "\xef\xbb\xbf{\"a\":1}\n\n   \n{\"b\":2}\r\n\t\r\n" + long + "\n{\"c\":3}"
	type rec struct {
		raw  string
		line int
	}
	want := []rec{{`{"a":1}`, 1}, {`{"b":2}` + "\r", 4}, {long, 6}, {`{"c":3}`, 7}}
	var got []rec
	l := NewLines(strings.NewReader(in))
	for {
		raw, n, err := l.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, rec{string(raw), n})
	}
	if len(got) != len(want) {
		t.Fatalf("got %d records, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("record %d: line %d %.40q, want line %d %.40q", i, got[i].line, got[i].raw, want[i].line, want[i].raw)
		}
	}
}

// TestLinesHugeRecord reads a record of 150 MB: no token limit, as with a
// bufio.Scanner, stands in the way.
func TestLinesHugeRecord(t *testing.T) {
	if testing.Short() {
		t.Skip("150 MB record")
	}
	const n = 150 << 20
	var b bytes.Buffer
	b.Grow(n + 64)
	b.WriteString("{\"id\":1}\n{\"text\":\"")
	b.Write(bytes.Repeat([]byte("Zeile.\\n"), n/8))
	b.WriteString("\"}\n{\"id\":3}\n")
	l := NewLines(&b)
	l.Next()
	raw, line, err := l.Next()
	if err != nil || line != 2 {
		t.Fatalf("line %d, %v", line, err)
	}
	r, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	f, err := r.TextField("")
	if err != nil {
		t.Fatal(err)
	}
	if got := len(r.String(f)); got != n/8*7 {
		t.Errorf("text of %d bytes, want %d", got, n/8*7)
	}
	if raw, line, err := l.Next(); err != nil || line != 3 || string(raw) != `{"id":3}` {
		t.Errorf("after the huge record: line %d %q %v", line, raw, err)
	}
}

func TestSplit(t *testing.T) {
	obj := "\n  {\"text\": \"a\"}\n"
	elems, err := Split([]byte(obj))
	if err != nil || len(elems) != 1 || string(elems[0].Raw) != obj || elems[0].Index != 0 || elems[0].Line != 2 {
		t.Errorf("Split(object) = %+v, %v", elems, err)
	}

	arr := "[\n  {\n    \"text\": \"a\"\n  },\n  \"oops\",\n  {\"text\": \"b, c ]\"}\n]\n"
	elems, err = Split([]byte(arr))
	if err != nil {
		t.Fatal(err)
	}
	want := []Elem{{Raw: []byte("{\n    \"text\": \"a\"\n  }"), Index: 1, Line: 2}, {Raw: []byte(`"oops"`), Index: 2, Line: 5}, {Raw: []byte(`{"text": "b, c ]"}`), Index: 3, Line: 6}}
	if len(elems) != len(want) {
		t.Fatalf("Split(array) = %d elements, want %d", len(elems), len(want))
	}
	for i := range want {
		if !bytes.Equal(elems[i].Raw, want[i].Raw) || elems[i].Index != want[i].Index || elems[i].Line != want[i].Line {
			t.Errorf("element %d = %q #%d line %d, want %q #%d line %d", i, elems[i].Raw, elems[i].Index, elems[i].Line, want[i].Raw, want[i].Index, want[i].Line)
		}
	}
	if elems, err := Split([]byte(" [ ] ")); err != nil || len(elems) != 0 {
		t.Errorf("Split(empty array) = %v, %v", elems, err)
	}

	for _, tt := range []struct {
		doc, want string
		line, col int
	}{
		{"{\"text\": \"a\"}\n{\"text\": \"b\"}\n", "invalid JSON: invalid character '{' after top-level value (one object per line is JSON Lines: name the file .jsonl)", 2, 1},
		{"[\n  {\"text\": \"a\"},\n  {\"text\": \"b\"\n]\n", "invalid JSON: invalid character ']' after object key:value pair", 4, 1},
		{"", "invalid JSON: the value ends early (a truncated record?)", 1, 1},
		{"\"just a string\"", "the document is a string, not an object or an array of objects", 0, 0},
	} {
		_, err := Split([]byte(tt.doc))
		if err == nil || err.Error() != tt.want {
			t.Errorf("Split(%q) = %v, want %q", tt.doc, err, tt.want)
			continue
		}
		var se *SyntaxError
		if errors.As(err, &se) {
			if line, col := Position([]byte(tt.doc), se.Offset); line != tt.line || col != tt.col {
				t.Errorf("Split(%q): error at %d:%d, want %d:%d", tt.doc, line, col, tt.line, tt.col)
			}
		}
	}
}

// TestWriterLayouts writes back unchanged records: JSON Lines and the array
// layouts of json.MarshalIndent and of compact arrays come back as they were.
func TestWriterLayouts(t *testing.T) {
	recs := []any{map[string]any{"text": "a", "n": 1}, map[string]any{"text": "b", "tags": []string{"x"}}}
	indented, _ := json.MarshalIndent(recs, "", "  ")
	tests := []struct {
		name, in, want string
	}{
		{"indented array", string(indented) + "\n", string(indented) + "\n"},
		{"tab-indented array", "[\n\t{\n\t\t\"text\": \"a\"\n\t},\n\t{\n\t\t\"text\": \"b\"\n\t}\n]", "[\n\t{\n\t\t\"text\": \"a\"\n\t},\n\t{\n\t\t\"text\": \"b\"\n\t}\n]\n"},
		{"one record a line", "[\n{\"text\":\"a\"},\n{\"text\":\"b\"}\n]\n", "[\n{\"text\":\"a\"},\n{\"text\":\"b\"}\n]\n"},
		{"compact array", `[{"text":"a"},{"text":"b"}]`, "[\n{\"text\":\"a\"},\n{\"text\":\"b\"}\n]\n"},
		{"empty array", `[]`, "[]\n"},
		{"one object", "{\n  \"text\": \"a\"\n}\n", "{\n  \"text\": \"a\"\n}\n"},
	}
	for _, tt := range tests {
		elems, err := Split([]byte(tt.in))
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		w := NewWriter(&b, strings.HasPrefix(tt.in, "["))
		for _, e := range elems {
			w.Write(e.Raw)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("%s: wrote %q, want %q", tt.name, b.String(), tt.want)
		}
	}
}

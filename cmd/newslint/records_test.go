package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newslint/newslint/internal/golden"
	"github.com/newslint/newslint/jsonrec"
)

// The record fixtures in testdata/records hold real pages (the two seed
// pages and three pages of the bench, in pages/) in JSON Lines and JSON
// records, with fields of every kind around them, a malformed record in the
// middle, a text under a nested field and HTML in a text field.
const recordsDir = "testdata/records"

// recordCases are CLI runs over the fixtures; each writes
// golden/NAME.stdout and golden/NAME.stderr (which starts with the exit code).
var recordCases = []struct {
	name string
	args []string
}{
	{"clean-mixed", []string{"clean", "--keep", "content", "mixed.jsonl"}},
	{"clean-mixed-add-field", []string{"clean", "--add-field", "clean_text", "mixed.jsonl"}},
	{"lint-mixed", []string{"lint", "mixed.jsonl"}},
	{"clean-nested", []string{"clean", "--field", "article.body", "nested.jsonl"}},
	{"lint-nested", []string{"lint", "--field", "article.body", "nested.jsonl"}},
	{"clean-array", []string{"clean", "array.json"}},
	{"clean-mixed-gate-field", []string{"clean", "--keep", "content", "--gate-field", "gate", "--min-content-lines", "3", "mixed.jsonl"}},
}

// runIn runs newslint in dir, with the rules of testdata/records/rules.yaml.
func runIn(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rules := filepath.Join(wd, recordsDir, "rules.yaml")
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	args = append([]string{args[0], "--config", rules, "--color", "never"}, args[1:]...)
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return out.String(), errb.String(), code
}

func TestRecordsGolden(t *testing.T) {
	for _, c := range recordCases {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, code := runIn(t, recordsDir, c.args...)
			golden.Check(t, filepath.Join(recordsDir, "golden", c.name+".stdout"), []byte(stdout))
			golden.Check(t, filepath.Join(recordsDir, "golden", c.name+".stderr"), fmt.Appendf(nil, "exit %d\n%s", code, stderr))
		})
	}
}

// TestCleanKeepsRecords checks what the goldens must show, whatever the
// rules decide: one output record per input record, in order; every byte
// outside the text field as it was; malformed records copied unchanged.
func TestCleanKeepsRecords(t *testing.T) {
	for _, c := range []struct {
		file, field, addField string
	}{
		{"mixed.jsonl", "", ""},
		{"mixed.jsonl", "", "clean_text"},
		{"nested.jsonl", "article.body", ""},
		{"array.json", "", ""},
	} {
		t.Run(c.file+"/"+c.addField, func(t *testing.T) {
			args := []string{"clean", "--field", c.field}
			if c.addField != "" {
				args = append(args, "--add-field", c.addField)
			}
			stdout, _, code := runIn(t, recordsDir, append(args, c.file)...)
			if code != exitError {
				t.Errorf("exit %d, want %d: the fixture holds malformed records", code, exitError)
			}
			in := readRecords(t, filepath.Join(recordsDir, c.file))
			out := records(t, []byte(stdout))
			if len(out) != len(in) {
				t.Fatalf("%d records out, %d in", len(out), len(in))
			}
			for i := range in {
				a, b := in[i], out[i]
				ra, err := jsonrec.Parse(a)
				if err != nil {
					if !bytes.Equal(a, b) {
						t.Errorf("record %d (%v) changed:\n%s\n%s", i+1, err, a, b)
					}
					continue
				}
				fa, err := ra.TextField(c.field)
				if err != nil {
					if !bytes.Equal(a, b) {
						t.Errorf("record %d (%v) changed", i+1, err)
					}
					continue
				}
				rb, err := jsonrec.Parse(b)
				if err != nil {
					t.Fatalf("record %d: output is not JSON: %v", i+1, err)
				}
				if c.addField != "" {
					f, err := rb.Lookup(c.addField)
					if err != nil {
						t.Fatalf("record %d: %v", i+1, err)
					}
					// Drop the added member: what is left is the input.
					start := bytes.LastIndexByte(b[:f.Start], ',')
					b = append(b[:start:start], b[f.End:]...)
					if !bytes.Equal(a, b) {
						t.Errorf("record %d: --add-field changed more than the new field:\n%s\n%s", i+1, a, b)
					}
					continue
				}
				fb, _ := rb.TextField(c.field)
				if !bytes.Equal(a[:fa.Start], b[:fb.Start]) || !bytes.Equal(a[fa.End:], b[fb.End:]) {
					t.Errorf("record %d: bytes outside the text field changed", i+1)
				}
			}
		})
	}
}

// readRecords returns the records of a JSON or JSON Lines file.
func readRecords(t testing.TB, path string) [][]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return records(t, data)
}

// records splits JSON Lines into its non-blank lines, or a JSON array into
// its elements.
func records(t testing.TB, data []byte) [][]byte {
	t.Helper()
	if bytes.HasPrefix(data, []byte("[")) {
		elems, err := jsonrec.Split(data)
		if err != nil {
			t.Fatal(err)
		}
		var out [][]byte
		for _, e := range elems {
			out = append(out, e.Raw)
		}
		return out
	}
	var out [][]byte
	for _, l := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 {
			out = append(out, l)
		}
	}
	return out
}

// TestRecordFixturesHoldPages keeps the fixtures honest: the texts in them
// are the pages in testdata/records/pages.
func TestRecordFixturesHoldPages(t *testing.T) {
	pages := map[string]bool{}
	files, _ := filepath.Glob(filepath.Join(recordsDir, "pages", "*"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pages[string(data)] = false
	}
	for _, c := range []struct{ file, field string }{{"mixed.jsonl", ""}, {"nested.jsonl", "article.body"}, {"array.json", ""}} {
		for _, raw := range readRecords(t, filepath.Join(recordsDir, c.file)) {
			r, err := jsonrec.Parse(raw)
			if err != nil {
				continue
			}
			if f, err := r.TextField(c.field); err == nil {
				if _, ok := pages[r.String(f)]; ok {
					pages[r.String(f)] = true
				}
			}
		}
	}
	for text, used := range pages {
		if !used {
			t.Errorf("page %.60q is in no fixture", text)
		}
	}
}

// TestCleanRecordsToFiles checks --out-dir and --write on JSON Lines: the
// same bytes as on standard output, written atomically; --write leaves a
// file none of whose records changes alone.
func TestCleanRecordsToFiles(t *testing.T) {
	want, _, _ := runIn(t, recordsDir, "clean", "mixed.jsonl")

	dir := t.TempDir()
	in := filepath.Join(dir, "in", "mixed.jsonl")
	os.MkdirAll(filepath.Dir(in), 0o755)
	data, err := os.ReadFile(filepath.Join(recordsDir, "mixed.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(in, data, 0o644)

	_, stderr, code := runIn(t, dir, "clean", "--ext", ".jsonl", "--out-dir", "out", "in")
	if code != exitError || !strings.Contains(stderr, "the record is copied unchanged") {
		t.Errorf("--out-dir: exit %d, stderr:\n%s", code, stderr)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "out", "mixed.jsonl")); err != nil || string(got) != want {
		t.Errorf("--out-dir wrote other bytes than standard output (%v)", err)
	}

	_, _, code = runIn(t, dir, "clean", "--write", "in/mixed.jsonl")
	if got, err := os.ReadFile(in); code != exitError || err != nil || string(got) != want {
		t.Errorf("--write: exit %d, %v, or other bytes than standard output", code, err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "in", ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}

	// A second --write changes nothing: the file is not rewritten.
	old := time.Now().Add(-time.Hour)
	os.Chtimes(in, old, old)
	_, _, code = runIn(t, dir, "clean", "--write", "in/mixed.jsonl")
	if st, err := os.Stat(in); err != nil || !st.ModTime().Equal(old) {
		t.Errorf("--write on a clean file rewrote it (exit %d, %v)", code, err)
	}

	// An --out-dir that is the input's own directory is refused, and the
	// input is left whole.
	_, stderr, code = runIn(t, dir, "clean", "--out-dir", "in", "in/mixed.jsonl")
	if got, _ := os.ReadFile(in); code != exitError || !strings.Contains(stderr, "refusing to overwrite an input") || string(got) != want {
		t.Errorf("--out-dir over the input: exit %d, stderr %q", code, stderr)
	}
}

// TestCleanRecordsFromStdin reads JSON Lines from standard input.
func TestCleanRecordsFromStdin(t *testing.T) {
	want, _, _ := runIn(t, recordsDir, "clean", "nested.jsonl", "--field", "article.body")
	f, err := os.Open(filepath.Join(recordsDir, "nested.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	stdin := os.Stdin
	os.Stdin = f
	defer func() { os.Stdin = stdin }()
	got, _, _ := runIn(t, ".", "clean", "--field", "article.body", "-")
	if got != want {
		t.Errorf("standard input gave other output:\n%s", golden.Diff(want, got))
	}
}

// BenchmarkJSONLStream cleans a JSON Lines stream of real pages end to end
// (read, score, clean, write). Memory stays flat as the stream grows: see
// the peak RSS figures in README.md.
func BenchmarkJSONLStream(b *testing.B) {
	var recs [][]byte
	for _, raw := range readRecords(b, filepath.Join(recordsDir, "mixed.jsonl")) {
		if r, err := jsonrec.Parse(raw); err == nil {
			if _, err := r.TextField(""); err == nil {
				recs = append(recs, raw)
			}
		}
	}
	path := filepath.Join(b.TempDir(), "stream.jsonl")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	size := 0
	for i := 0; size < 8<<20; i++ {
		n, _ := w.Write(recs[i%len(recs)])
		w.WriteByte('\n')
		size += n + 1
	}
	w.Flush()
	f.Close()
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		if code := run([]string{"clean", "--no-config", "--keep", "content", path}, io.Discard, io.Discard); code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
}

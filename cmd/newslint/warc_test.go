package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newslint/newslint/internal/crawltest"
	"github.com/newslint/newslint/internal/golden"
)

// crawlDir holds the goldens of the runs over the WARC file wget writes of
// the fixture site (../../testdata/crawl/site).
const crawlDir = "testdata/crawl"

// crawl crawls the fixture site with wget and returns the WARC file's
// directory with the crawl.
func crawl(t *testing.T, compress bool) (string, crawltest.Crawl) {
	t.Helper()
	c := crawltest.Run(t, filepath.Join("..", "..", crawltest.Site), compress)
	return filepath.Dir(c.WARC), c
}

// TestLintWARC lints the WARC file wget wrote of the fixture site, in every
// format: findings name each page by its URL (crawl.warc.gz#http://…:LINE),
// and SARIF and JSON carry the URL.
func TestLintWARC(t *testing.T) {
	dir, c := crawl(t, true)
	stdout, stderr, code := runIn(t, dir, "lint", "--format", "text", "--format", "sarif=r.sarif",
		"--format", "json=r.json", "--format", "gitlab=gl.json", "--format", "html=r.html", "crawl.warc.gz")
	golden.Check(t, filepath.Join(crawlDir, "lint.stdout"), []byte(c.Mask(stdout)))
	if code != exitFindings || stderr != "" {
		t.Errorf("exit %d, stderr %q; want %d and nothing", code, stderr, exitFindings)
	}
	if !strings.Contains(stdout, "crawl.warc.gz#"+c.Base+"/rutte.html:13: comment-counter [comment-counter]") {
		t.Errorf("the comment counter of rutte.html is not named crawl.warc.gz#URL:LINE:\n%s", stdout)
	}
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	for name, want := range map[string]string{
		"r.sarif": `"fullyQualifiedName": "` + c.Base + `/rutte.html"`,
		"r.json":  `"uri": "` + c.Base + `/rutte.html"`,
		"gl.json": `(` + c.Base + `/rutte.html, line 13)`,
		"r.html":  `crawl.warc.gz#` + c.Base + `/rutte.html`,
	} {
		if got := read(name); !strings.Contains(got, want) {
			t.Errorf("%s lacks %s", name, want)
		}
	}
}

// warcRecord is a record of what clean writes for a WARC file.
type warcRecord struct {
	URL, Date, Title, Text string
}

// TestCleanWARC: clean writes a WARC file's pages as JSON Lines (url, date,
// title, text), each text exactly what clean gives for the same page as a
// file; --out-dir writes crawl.jsonl.gz (compressed as the input was);
// --write, which would replace the WARC file, is refused.
func TestCleanWARC(t *testing.T) {
	for _, compress := range []bool{true, false} {
		dir, c := crawl(t, compress)
		name := filepath.Base(c.WARC)
		stdout, stderr, code := runIn(t, dir, "clean", name)
		if code != exitOK || stderr != "" {
			t.Fatalf("clean %s: exit %d, stderr %q", name, code, stderr)
		}
		golden.Check(t, filepath.Join(crawlDir, "clean.stdout"), []byte(c.Mask(stdout)))

		site, err := filepath.Abs(filepath.Join("..", "..", crawltest.Site))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, line := range strings.SplitAfter(strings.TrimSuffix(stdout, "\n"), "\n") {
			var r warcRecord
			dec := json.NewDecoder(strings.NewReader(line))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&r); err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			if !strings.HasPrefix(r.URL, c.Base+"/") || len(r.Date) != len("2025-12-07T21:20:36Z") {
				t.Errorf("record %d: url %q, date %q", n+1, r.URL, r.Date)
			}
			file := strings.TrimPrefix(r.URL, c.Base+"/")
			if file == "" || strings.HasSuffix(file, "/") {
				file += "index.html"
			}
			asFile, _, _ := runIn(t, site, "clean", filepath.FromSlash(file))
			if r.Text != asFile {
				t.Errorf("%s: the WARC page's text differs from clean of %s:\n%q\n%q", r.URL, file, r.Text, asFile)
			}
			n++
		}
		if n != 7 {
			t.Errorf("%d records, want 7 (the pages of the site, the front page twice)", n)
		}

		out := filepath.Join(dir, "out")
		if _, stderr, code := runIn(t, dir, "clean", "--out-dir", out, name); code != exitOK {
			t.Fatalf("clean --out-dir: exit %d: %s", code, stderr)
		}
		want, got := "crawl.jsonl", ""
		if compress {
			want += ".gz"
		}
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			got += e.Name()
		}
		if got != want {
			t.Fatalf("--out-dir holds %q, want %q", got, want)
		}
		data, err := os.ReadFile(filepath.Join(out, want))
		if err != nil {
			t.Fatal(err)
		}
		if compress {
			cmd := exec.Command(crawltest.Tool(t, "gzip", "gzip"), "-dc")
			cmd.Stdin = bytes.NewReader(data)
			if data, err = cmd.Output(); err != nil {
				t.Fatalf("gzip -dc %s: %v", want, err)
			}
		}
		if string(data) != stdout {
			t.Errorf("%s differs from what clean writes to standard output", want)
		}

		diff, _, code := runIn(t, dir, "clean", "--diff", name)
		if code != exitFindings || !strings.Contains(diff, "--- a/"+name+"#"+c.Base+"/rutte.html\n") || !strings.Contains(diff, "\n-0 Kommentare\n") {
			t.Errorf("clean --diff: exit %d, no diff of rutte.html dropping its comment counter:\n%s", code, diff)
		}

		before, _ := os.ReadFile(c.WARC)
		_, stderr, code = runIn(t, dir, "clean", "--write", name)
		if code != exitError || !strings.Contains(stderr, "--write would replace a WARC file with JSON Lines; use --out-dir") {
			t.Errorf("clean --write: exit %d, stderr %q", code, stderr)
		}
		if after, _ := os.ReadFile(c.WARC); !bytes.Equal(before, after) {
			t.Error("clean --write changed the WARC file")
		}
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/newslint/newslint/report"
)

// lintDir holds a copy of seed 000 (../shared/seeds), a page with noise.
const lintDir = "testdata/lint"

// copySeed copies the seed page into a new temporary directory and returns it.
func copySeed(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(lintDir, "seed.txt"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "seed.txt"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestLintFormats writes every format at once: text on standard output,
// the others to files, each well-formed.
func TestLintFormats(t *testing.T) {
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }
	stdout, stderr, code := runIn(t, lintDir, "lint", "--format", "text",
		"--format", "json="+out("r.json"), "--format", "sarif="+out("r.sarif"), "--format", "github="+out("gh.txt"),
		"--format", "junit="+out("junit.xml"), "--format", "checkstyle="+out("cs.xml"),
		"--format", "gitlab="+out("gl.json"), "--format", "html="+out("r.html"), "seed.txt")
	if code != exitFindings {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitFindings, stderr)
	}
	if !strings.Contains(stdout, "seed.txt:13: comment-counter [comment-counter]") {
		t.Errorf("the text report lacks the comment counter:\n%s", stdout)
	}
	for _, name := range []string{"r.json", "r.sarif", "gl.json"} {
		data, err := os.ReadFile(out(name))
		if err != nil || !json.Valid(data) {
			t.Errorf("%s: not valid JSON (%v)", name, err)
		}
	}
	for _, name := range []string{"junit.xml", "cs.xml"} {
		data, err := os.ReadFile(out(name))
		if err != nil {
			t.Fatal(err)
		}
		if err := xml.Unmarshal(data, new(struct{})); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	gl, _ := os.ReadFile(out("gl.json"))
	if !strings.Contains(string(gl), `"check_name":"newslint/comment-counter"`) || !strings.Contains(string(gl), `"location":{"path":"seed.txt","lines":{"begin":13}}`) {
		t.Errorf("the gitlab report lacks the comment counter at seed.txt:13:\n%s", gl)
	}
	page, _ := os.ReadFile(out("r.html"))
	if !strings.HasPrefix(string(page), "<!DOCTYPE html>") || !strings.Contains(string(page), "Kommentare</td>") || !strings.HasSuffix(string(page), "</html>\n") {
		t.Errorf("the html report is not a whole page with the seed's lines:\n%.200s\n…%s", page, page[max(0, len(page)-100):])
	}
	gh, _ := os.ReadFile(out("gh.txt"))
	if !strings.Contains(string(gh), "::warning file=seed.txt,line=13,title=newslint comment-counter::") {
		t.Errorf("the github report lacks the comment counter annotation:\n%s", gh)
	}
}

func TestLintFormatErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "json", "--format", "sarif"}, "only one format can go to standard output"},
		{[]string{"--format", "yaml"}, `unknown format "yaml"`},
		{[]string{"--format", "json=" + filepath.Join("no", "such", "dir", "r.json")}, "--format json:"},
		{[]string{"--require-fields", "title,author"}, `unknown field "author"`},
		{[]string{"--baseline", "none.json"}, "record one with `newslint baseline"},
		{[]string{"--format", "html"}, "give it a path (html=report.html)"},
		{[]string{"--format", "html=-"}, "give it a path (html=report.html)"},
	} {
		_, stderr, code := runIn(t, lintDir, append(append([]string{"lint"}, tt.args...), "seed.txt")...)
		if code != exitError || !strings.Contains(stderr, tt.want) {
			t.Errorf("lint %v: exit %d, stderr %q; want exit %d and %q", tt.args, code, stderr, exitError, tt.want)
		}
	}
}

// TestLintStatistics: statistics follow the text report, or go to standard
// error when standard output carries JSON.
func TestLintStatistics(t *testing.T) {
	stdout, _, _ := runIn(t, lintDir, "lint", "--statistics", "seed.txt")
	if !strings.Contains(stdout, "statistics:\n") || !strings.Contains(stdout, "  lines: 15, kept") {
		t.Errorf("no statistics after the text report:\n%s", stdout)
	}
	stdout, stderr, _ := runIn(t, lintDir, "lint", "--statistics", "--format", "json", "seed.txt")
	if !json.Valid([]byte(stdout)) {
		t.Errorf("standard output is not JSON:\n%s", stdout)
	}
	if !strings.Contains(stderr, "statistics:\n") {
		t.Errorf("no statistics on standard error:\n%s", stderr)
	}
}

// TestBaselineCommand records a baseline, lints against it (nothing new),
// then moves every line down and changes a noise line: lint reports only
// that line, and the stale entry of the old one.
func TestBaselineCommand(t *testing.T) {
	dir := copySeed(t)
	stdout, stderr, code := runIn(t, dir, "baseline", "-o", "base/newslint-baseline.json", "seed.txt")
	if code != exitOK {
		t.Fatalf("baseline: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "base/newslint-baseline.json: ") || strings.Contains(stdout, ": 0 findings") {
		t.Errorf("baseline says: %s", stdout)
	}
	data, err := os.ReadFile(filepath.Join(dir, "base", "newslint-baseline.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"file": "../seed.txt"`) {
		t.Errorf("baseline paths are not relative to the baseline file:\n%s", data)
	}

	stdout, stderr, code = runIn(t, dir, "lint", "--baseline", "base/newslint-baseline.json", "seed.txt")
	if code != exitOK {
		t.Fatalf("lint against the baseline: exit %d\n%s%s", code, stdout, stderr)
	}

	page := filepath.Join(dir, "seed.txt")
	text, _ := os.ReadFile(page)
	text = bytes.Replace(text, []byte("Folgen Sie uns auf"), []byte("Folgen Sie uns auf Instagram"), 1)
	if err := os.WriteFile(page, append([]byte("\n\n"), text...), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, _, code = runIn(t, dir, "lint", "--baseline", "base/newslint-baseline.json", "seed.txt")
	if code != exitFindings {
		t.Errorf("lint after a new finding: exit %d, want %d", code, exitFindings)
	}
	want := `seed.txt:26: share [follow-prompt] "Folgen Sie uns auf Instagram"`
	if !strings.Contains(stdout, want) || len(regexp.MustCompile(`(?m)^seed\.txt:\d+: `).FindAllString(stdout, -1)) != 1 {
		t.Errorf("want only the new finding %s:\n%s", want, stdout)
	}
	if !strings.Contains(stdout, "baseline: 1 stale entries") || !strings.Contains(stdout, `../seed.txt: [follow-prompt] "Folgen Sie uns auf"`) {
		t.Errorf("no stale entry for the old line:\n%s", stdout)
	}
}

// TestCleanDiff: clean --diff prints what --write would change and exits 1;
// on a clean page it prints nothing and exits 0; it changes no file.
func TestCleanDiff(t *testing.T) {
	dir := copySeed(t)
	before, _ := os.ReadFile(filepath.Join(dir, "seed.txt"))
	stdout, stderr, code := runIn(t, dir, "clean", "--diff", "seed.txt")
	if code != exitFindings {
		t.Fatalf("exit %d, want %d: %s", code, exitFindings, stderr)
	}
	for _, want := range []string{"--- a/seed.txt\n+++ b/seed.txt\n@@ -1,", "\n-Folgen Sie uns auf\n\\ No newline at end of file\n", "\n-0\u00a0Kommentare\n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the diff lacks %q:\n%s", want, stdout)
		}
	}
	after, _ := os.ReadFile(filepath.Join(dir, "seed.txt"))
	if !bytes.Equal(before, after) {
		t.Error("clean --diff changed the file")
	}

	if _, stderr, code := runIn(t, dir, "clean", "--write", "seed.txt"); code != exitOK {
		t.Fatalf("clean --write: exit %d: %s", code, stderr)
	}
	stdout, _, code = runIn(t, dir, "clean", "--diff", "seed.txt")
	if code != exitOK || stdout != "" {
		t.Errorf("clean --diff after clean --write: exit %d, output:\n%s", code, stdout)
	}

	if _, stderr, code := runIn(t, dir, "clean", "--diff", "--write", "seed.txt"); code != exitError || !strings.Contains(stderr, "excludes --write") {
		t.Errorf("clean --diff --write: exit %d, %s", code, stderr)
	}
}

// TestProgress: no progress line unless standard error is a terminal; on
// one, a line rewritten in place that output to standard output clears.
func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	if p := newProgress(&buf); p != nil {
		t.Fatal("a progress line on a buffer")
	}
	p := &progress{w: &buf, width: 60, start: time.Now().Add(-time.Hour)}
	tot := &report.Totals{Files: 3, Pages: 3, Failed: 1}
	p.update(tot, "corpus/a/very/long/path/to/a/page/that/does/not/fit/in/the/line.txt")
	line := buf.String()
	if !strings.HasPrefix(line, "\r\x1b[Knewslint: 3 files, 3 pages, 1 failed, 0 errors  …") || len([]rune(line)) > 60+3 {
		t.Errorf("progress line %q", line)
	}
	p.update(tot, "b.txt") // within progressEvery: not drawn
	if buf.String() != line {
		t.Error("redrawn within progressEvery")
	}
	var out bytes.Buffer
	io.WriteString(p.clearing(&out), "finding\n")
	if !strings.HasSuffix(buf.String(), "\r\x1b[K") || out.String() != "finding\n" {
		t.Errorf("writing output did not clear the line: %q", buf.String())
	}
	p.clear() // nothing shown: nothing written
	if strings.Count(buf.String(), "\r\x1b[K") != 2 {
		t.Errorf("cleared twice: %q", buf.String())
	}
}

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	gowarc "github.com/nlnwa/gowarc/v2"

	"github.com/newslint/newslint/compression"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/internal/udiff"
	"github.com/newslint/newslint/jsonrec"
)

// longPage writes a page of three copies of the seed, each followed by a
// blank line, to dir, and one copy alone; it returns the page's name and
// the lines of a copy with its blank line.
func longPage(t *testing.T, dir string) (string, int) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(lintDir, "seed.txt"))
	if err != nil {
		t.Fatal(err)
	}
	chunk := strings.TrimRight(string(data), "\n") + "\n\n"
	if err := os.WriteFile(filepath.Join(dir, "one.txt"), []byte(chunk), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "long.txt"), []byte(strings.Repeat(chunk, 3)), 0o644); err != nil {
		t.Fatal(err)
	}
	return "long.txt", len(input.ParseText("", []byte(chunk)).Lines)
}

// TestMaxPageLines: a page longer than --max-page-lines is scored in parts,
// each on its own: lint fails its first part with the gate max-page-lines,
// names the parts and counts one page; clean writes one text made of the
// parts' in order, with the blank lines between them.
func TestMaxPageLines(t *testing.T) {
	dir := t.TempDir()
	name, n := longPage(t, dir)
	max := fmt.Sprint(n)
	stdout, stderr, code := runIn(t, dir, "lint", "--no-config", "--max-page-lines", max, "--fail-level", "none", name)
	if code != exitFindings {
		t.Fatalf("exit %d, want %d (the gate fails the long page); stderr:\n%s", code, exitFindings, stderr)
	}
	for _, want := range []string{
		"long.txt (part 1 of 3): 15 lines, 5 noise",
		fmt.Sprintf("FAIL (the page has more than %d lines (--max-page-lines): scored in 3 parts of %d lines", n, n),
		"long.txt (part 3 of 3):",
		"1 pages,",
		"1 failed",
		fmt.Sprintf("long.txt:%d: comment-counter [comment-counter]", 2*n+13),
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("lint output lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stdout, "long.txt (part 2 of 3): 15 lines, 5 noise (33.3%), 7 content, quality 0.92: ok\n") {
		t.Errorf("the second part does not pass on its own:\n%s", stdout)
	}
	// Whole, the page is one page again.
	stdout, _, _ = runIn(t, dir, "lint", "--no-config", "--max-page-lines", "0", "--fail-level", "none", name)
	if strings.Contains(stdout, "part 1") || strings.Contains(stdout, "max-page-lines") {
		t.Errorf("--max-page-lines 0 split the page:\n%s", stdout)
	}

	one, _, code := runIn(t, dir, "clean", "--no-config", "one.txt")
	if code != exitOK || one == "" {
		t.Fatalf("clean one.txt: exit %d, %q", code, one)
	}
	got, _, code := runIn(t, dir, "clean", "--no-config", "--max-page-lines", max, name)
	if want := one + "\n" + one + "\n" + one; code != exitOK || got != want {
		t.Errorf("clean in parts: exit %d\n%s\nwant the cleaned copy three times:\n%s", code, got, want)
	}

	// A JSON Lines record whose text is the long page, between two short
	// ones: its parts come in place, its cleaned text is written once.
	text, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	chunk, _ := os.ReadFile(filepath.Join(dir, "one.txt"))
	var recs []string
	for _, s := range []string{string(chunk), string(text), string(chunk)} {
		recs = append(recs, `{"text":`+string(jsonrec.AppendString(nil, s))+`}`)
	}
	if err := os.WriteFile(filepath.Join(dir, "r.jsonl"), []byte(strings.Join(recs, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, stderr, code = runIn(t, dir, "clean", "--no-config", "--max-page-lines", max, "r.jsonl")
	if code != exitOK {
		t.Fatalf("clean r.jsonl: exit %d; %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("clean r.jsonl wrote %d records, want 3:\n%s", len(lines), got)
	}
	var texts [3]struct{ Text string }
	for i, l := range lines {
		if err := json.Unmarshal([]byte(l), &texts[i]); err != nil {
			t.Fatal(err)
		}
	}
	if want := one + "\n" + one + "\n" + one; texts[1].Text != want || texts[0].Text != one || texts[2].Text != one {
		t.Errorf("clean r.jsonl: texts %q, want the cleaned copy, three times, once", texts)
	}
}

// writeWARC writes a WARC file to path (compressed as its name says) with
// a text/plain response for each page, in order, as gowarc writes them.
func writeWARC(t *testing.T, path string, pages [][2]string) {
	t.Helper()
	var buf bytes.Buffer
	kind, _ := compression.Split(path)
	zw, err := compression.NewWriter(kind, &buf)
	if err != nil {
		t.Fatal(err)
	}
	m := gowarc.NewMarshaler()
	for i, pg := range pages {
		b := gowarc.NewRecordBuilder(gowarc.Response, gowarc.WithSpecViolationPolicy(gowarc.ErrIgnore), gowarc.WithSyntaxErrorPolicy(gowarc.ErrIgnore))
		b.AddWarcHeader(gowarc.WarcDate, fmt.Sprintf("2025-12-07T10:00:0%dZ", i))
		b.AddWarcHeader(gowarc.WarcTargetURI, pg[0])
		b.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
		if _, err := b.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + pg[1]); err != nil {
			t.Fatal(err)
		}
		rec, _, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := m.Marshal(zw, rec, 0); err != nil {
			t.Fatal(err)
		}
		rec.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestMaxPageLinesWARC: a long page of a (compressed) WARC file is scored
// in parts as a file is: every report (and explain) names each part by the
// page's URL (JSON carries uri, part and parts; SARIF the logical location
// and the gate max-page-lines), clean writes one JSON Lines record with the text
// of all its parts, and clean --diff compares the whole page.
func TestMaxPageLinesWARC(t *testing.T) {
	dir := t.TempDir()
	name, n := longPage(t, dir)
	max := fmt.Sprint(n)
	long, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	chunk, err := os.ReadFile(filepath.Join(dir, "one.txt"))
	if err != nil {
		t.Fatal(err)
	}
	const longURL, oneURL = "http://example.org/long.txt", "http://example.org/one.txt"
	writeWARC(t, filepath.Join(dir, "crawl.warc.gz"), [][2]string{{longURL, string(long)}, {oneURL, string(chunk)}})
	one, _, code := runIn(t, dir, "clean", "--no-config", "one.txt")
	if code != exitOK || one == "" {
		t.Fatalf("clean one.txt: exit %d, %q", code, one)
	}

	stdout, stderr, code := runIn(t, dir, "lint", "--no-config", "--max-page-lines", max, "--fail-level", "none",
		"--format", "text", "--format", "json=r.json", "--format", "sarif=r.sarif", "--format", "gitlab=gl.json",
		"--format", "html=r.html", "--format", "junit=r.xml", "crawl.warc.gz")
	if code != exitFindings {
		t.Fatalf("exit %d, want %d (the gate fails the long page); stderr:\n%s", code, exitFindings, stderr)
	}
	page := "crawl.warc.gz#" + longURL
	for _, want := range []string{
		page + " (part 1 of 3): 15 lines, 5 noise",
		page + " (part 3 of 3):",
		fmt.Sprintf("%s:%d: comment-counter [comment-counter]", page, 2*n+13),
		"crawl.warc.gz#" + oneURL + ": 15 lines",
		"2 pages,",
		"1 failed",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("lint output lacks %q:\n%s", want, stdout)
		}
	}
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}

	var rep struct {
		Files []struct {
			Pages []struct {
				Record, Part, Parts int
				URI                 string
				Reasons             []struct{ Check string }
			}
		}
		Totals struct{ Pages, Failed int }
	}
	if err := json.Unmarshal([]byte(read("r.json")), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) != 1 || len(rep.Files[0].Pages) != 4 || rep.Totals.Pages != 2 || rep.Totals.Failed != 1 {
		t.Fatalf("JSON report: %+v; want one file of four pages (three parts and a page), two pages in the totals, one failed", rep)
	}
	for k, p := range rep.Files[0].Pages[:3] {
		if p.URI != longURL || p.Record != 1 || p.Part != k+1 || p.Parts != 3 {
			t.Errorf("JSON page %d: %+v, want uri %s, record 1, part %d of 3", k+1, p, longURL, k+1)
		}
	}
	if p := rep.Files[0].Pages[0]; len(p.Reasons) != 1 || p.Reasons[0].Check != "max-page-lines" {
		t.Errorf("JSON: the first part's reasons are %+v, want max-page-lines", p.Reasons)
	}
	if p := rep.Files[0].Pages[3]; p.URI != oneURL || p.Part != 0 || p.Parts != 0 {
		t.Errorf("JSON page 4: %+v, want %s whole", p, oneURL)
	}

	var sarif struct {
		Runs []struct {
			Results []struct {
				RuleID    string
				Message   struct{ Text string }
				Locations []struct {
					LogicalLocations []struct{ FullyQualifiedName string }
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(read("r.sarif")), &sarif); err != nil {
		t.Fatal(err)
	}
	gate := 0
	for _, r := range sarif.Runs[0].Results {
		if r.RuleID != "gate/max-page-lines" {
			continue
		}
		gate++
		if !strings.HasPrefix(r.Message.Text, page+" (part 1 of 3) fails the gate: the page has more than") ||
			len(r.Locations) != 1 || len(r.Locations[0].LogicalLocations) != 1 || r.Locations[0].LogicalLocations[0].FullyQualifiedName != longURL {
			t.Errorf("SARIF gate result: %+v", r)
		}
	}
	if gate != 1 {
		t.Errorf("SARIF: %d results of gate/max-page-lines, want 1", gate)
	}

	var issues []struct{ Description, Fingerprint string }
	if err := json.Unmarshal([]byte(read("gl.json")), &issues); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	gate = 0
	for _, is := range issues {
		if seen[is.Fingerprint] {
			t.Errorf("GitLab: fingerprint %s repeats (GitLab drops the issue): %s", is.Fingerprint, is.Description)
		}
		seen[is.Fingerprint] = true
		if strings.HasPrefix(is.Description, page+" (part 1 of 3) fails the gate: the page has more than") {
			gate++
		}
	}
	if gate != 1 {
		t.Errorf("GitLab: %d issues of the long page's gate, want 1:\n%s", gate, read("gl.json"))
	}
	html := read("r.html")
	for k := 1; k <= 3; k++ {
		if want := fmt.Sprintf("%s (part %d of 3)", page, k); !strings.Contains(html, want) {
			t.Errorf("HTML report lacks %q", want)
		}
	}
	if !strings.Contains(read("r.xml"), longURL+", part 1 of 3: the page has more than") {
		t.Errorf("JUnit report does not name the failing part:\n%s", read("r.xml"))
	}

	stdout, _, _ = runIn(t, dir, "explain", "--no-config", "--max-page-lines", max, "crawl.warc.gz")
	if !strings.Contains(stdout, page+" (part 2 of 3)  language") || !strings.Contains(stdout, "crawl.warc.gz#"+oneURL+"  language") {
		t.Errorf("explain does not name the pages and parts:\n%.2000s", stdout)
	}

	// clean: a record per page, the long one's text that of its parts.
	stdout, stderr, code = runIn(t, dir, "clean", "--no-config", "--max-page-lines", max, "crawl.warc.gz")
	if code != exitOK {
		t.Fatalf("clean: exit %d; %s", code, stderr)
	}
	var recs []warcRecord
	for _, line := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
		var r warcRecord
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		recs = append(recs, r)
	}
	if want := one + "\n" + one + "\n" + one; len(recs) != 2 || recs[0].URL != longURL || recs[0].Text != want || recs[1].URL != oneURL || recs[1].Text != one {
		t.Errorf("clean: %+v\nwant %s with the cleaned copy three times, then %s with it once", recs, longURL, oneURL)
	}

	// clean --diff: the whole page against the text of all its parts.
	stdout, _, code = runIn(t, dir, "clean", "--no-config", "--max-page-lines", max, "--diff", "crawl.warc.gz")
	diffName := "crawl.warc.gz#" + longURL
	want := udiff.Unified("a/"+diffName, "b/"+diffName, string(long), one+"\n"+one+"\n"+one)
	if code != exitFindings || !strings.HasPrefix(stdout, want) {
		t.Errorf("clean --diff: exit %d\n%s\nwant it to start with\n%s", code, stdout, want)
	}
}

// TestMaxPageLinesCompressed: a long compressed text file is scored in
// parts, named as given; clean joins the parts, and clean --write writes
// them back compressed as the file was.
func TestMaxPageLinesCompressed(t *testing.T) {
	dir := t.TempDir()
	name, n := longPage(t, dir)
	max := fmt.Sprint(n)
	one, _, code := runIn(t, dir, "clean", "--no-config", "one.txt")
	if code != exitOK || one == "" {
		t.Fatalf("clean one.txt: exit %d, %q", code, one)
	}
	want := one + "\n" + one + "\n" + one
	for _, command := range []string{"gzip", "zstd"} {
		t.Run(command, func(t *testing.T) {
			sub := t.TempDir()
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(sub, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
			zname := compressFile(t, sub, name, command)
			stdout, _, _ := runIn(t, sub, "lint", "--no-config", "--max-page-lines", max, "--fail-level", "none", zname)
			if !strings.Contains(stdout, zname+" (part 3 of 3):") || !strings.Contains(stdout, fmt.Sprintf("%s:%d: comment-counter", zname, 2*n+13)) {
				t.Errorf("lint %s does not name its parts:\n%s", zname, stdout)
			}
			got, stderr, code := runIn(t, sub, "clean", "--no-config", "--max-page-lines", max, zname)
			if code != exitOK || got != want {
				t.Errorf("clean %s: exit %d (%s)\n%s\nwant the cleaned copy three times:\n%s", zname, code, stderr, got, want)
			}
			if _, stderr, code := runIn(t, sub, "clean", "--no-config", "--max-page-lines", max, "--write", zname); code != exitOK {
				t.Fatalf("clean --write %s: exit %d; %s", zname, code, stderr)
			}
			if got := decompress(t, filepath.Join(sub, zname)); got != want {
				t.Errorf("clean --write %s wrote\n%s\nwant\n%s", zname, got, want)
			}
		})
	}
}

// TestCoProcessMaxPageLines: a record longer than --max-page-lines sent to
// `newslint clean -` through a pipe that stays open is answered as soon
// as its last part is scored, with the text of all its parts and, with
// --gate-field, the verdict on the whole page (it fails max-page-lines).
func TestCoProcessMaxPageLines(t *testing.T) {
	dir := t.TempDir()
	name, n := longPage(t, dir)
	long, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	one, _, code := runIn(t, dir, "clean", "--no-config", "one.txt")
	if code != exitOK || one == "" {
		t.Fatalf("clean one.txt: exit %d, %q", code, one)
	}
	bin := buildNewslint(t)
	cmd, stdin, stdout, stderr := coprocess(t, bin, "clean", "--no-config", "--max-page-lines", fmt.Sprint(n), "--gate-field", "gate", "-")
	r := bufio.NewReader(stdout)
	for i := range 2 { // twice: the answer to one record does not wait for the next
		rec := `{"url":"http://example.org/long","text":` + string(jsonrec.AppendString(nil, string(long))) + "}\n"
		if _, err := io.WriteString(stdin, rec); err != nil {
			t.Fatal(err)
		}
		answer := make(chan string, 1)
		go func() {
			line, _ := r.ReadString('\n')
			answer <- line
		}()
		var line string
		select {
		case line = <-answer:
		case <-time.After(answerWait):
			t.Fatalf("record %d: no answer while standard input stays open", i+1)
		}
		var got struct {
			Text string
			Gate struct {
				Fail    bool
				Reasons []string
			}
		}
		if err := json.Unmarshal([]byte(line), &got); err != nil {
			t.Fatalf("answer %d: %v: %q; stderr:\n%s", i+1, err, line, stderr.String())
		}
		if want := one + "\n" + one + "\n" + one; got.Text != want {
			t.Errorf("answer %d: text\n%s\nwant the cleaned copy three times:\n%s", i+1, got.Text, want)
		}
		if !got.Gate.Fail || !slices.ContainsFunc(got.Gate.Reasons, func(r string) bool { return strings.Contains(r, "(--max-page-lines): scored in 3 parts") }) {
			t.Errorf("answer %d: gate %+v, want a failure for max-page-lines", i+1, got.Gate)
		}
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Errorf("clean -: %v; stderr:\n%s", err, stderr.String())
	}
}

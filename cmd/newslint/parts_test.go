package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newslint/newslint/input"
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

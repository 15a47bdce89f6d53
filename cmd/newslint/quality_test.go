package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir holds four pages of one site (testdata/corpus/investmentweek.de).
const corpusDir = "../../testdata/corpus"

// runArgs runs newslint with the built-in rules only.
func runArgs(args ...string) (stdout, stderr string, code int) {
	args = append([]string{args[0], "--no-config", "--color", "never"}, args[1:]...)
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return out.String(), errb.String(), code
}

// TestLearnCommand: learn writes a rules file that lint loads with
// --config, and that names the template lines of the site.
func TestLearnCommand(t *testing.T) {
	rulesFile := filepath.Join(t.TempDir(), "site-rules.yaml")
	_, stderr, code := runArgs("learn", "-o", rulesFile, corpusDir)
	if code != exitOK {
		t.Fatalf("learn: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "proposed 12 lines and 1 line shapes") {
		t.Errorf("learn's summary: %s", stderr)
	}
	var out, errb bytes.Buffer
	code = run([]string{"lint", "--config", rulesFile, "--color", "never", "--by-site", corpusDir}, &out, &errb)
	if code != exitFindings {
		t.Fatalf("lint with the learnt rules: exit %d\n%s", code, errb.String())
	}
	for _, want := range []string{"[site-investmentweek-de-template]", "Anna Berger schreibt", "by site:", "investmentweek.de"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("lint output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestCorpusFlag: --corpus makes the site's recurring lines template.
func TestCorpusFlag(t *testing.T) {
	stdout, stderr, code := runArgs("lint", "--corpus", corpusDir)
	if code != exitFindings {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, `template [template-line] "Anna Berger schreibt`) {
		t.Errorf("the author box is not template in corpus mode:\n%s", stdout)
	}
	plain, _, _ := runArgs("lint", corpusDir)
	if strings.Contains(plain, "[template-line]") {
		t.Errorf("template-line fired without --corpus")
	}
	if _, stderr, code := runArgs("lint", "--corpus", "-"); code != exitError || !strings.Contains(stderr, "standard input") {
		t.Errorf("--corpus on standard input: exit %d, %s", code, stderr)
	}
}

// TestCleanFixEncoding: clean --fix-encoding repairs a page read with the
// wrong encoding; without the flag the damage stays.
func TestCleanFixEncoding(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(lintDir, "seed.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var bad strings.Builder
	for _, c := range data { // UTF-8 read as Latin-1: every byte a character
		bad.WriteRune(rune(c))
	}
	dir := t.TempDir()
	orig, broken := filepath.Join(dir, "orig.txt"), filepath.Join(dir, "broken.txt")
	if err := os.WriteFile(orig, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(broken, []byte(bad.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	keep := "title,content,meta,noise"
	want, _, _ := runArgs("clean", "--keep", keep, orig)
	got, stderr, code := runArgs("clean", "--keep", keep, "--fix-encoding", broken)
	if code != exitOK || got != want {
		t.Errorf("exit %d (%s); repaired:\n%s\nwant:\n%s", code, stderr, got, want)
	}
	if raw, _, _ := runArgs("clean", "--keep", keep, broken); raw == want {
		t.Errorf("the text was repaired without --fix-encoding")
	}
	lint, _, _ := runArgs("lint", broken)
	if !strings.Contains(lint, "encoding [mojibake]") {
		t.Errorf("lint does not report the mojibake:\n%s", lint)
	}
}

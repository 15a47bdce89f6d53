package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newslint/newslint/internal/crawltest"
	"github.com/newslint/newslint/rules"
)

// compressFile compresses dir/name with the real gzip or zstd, which
// replace it with name.gz or name.zst, and returns the new name.
func compressFile(t *testing.T, dir, name, command string) string {
	t.Helper()
	tool := crawltest.Tool(t, command, command)
	args, ext := []string{"-q", name}, ".gz"
	if command == "zstd" {
		args, ext = []string{"-q", "--rm", name}, ".zst"
	}
	cmd := exec.Command(tool, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", command, strings.Join(args, " "), err, out)
	}
	return name + ext
}

// decompress returns the content of a compressed file, as the real gzip or
// zstd reads it.
func decompress(t *testing.T, path string) string {
	t.Helper()
	command := "gzip"
	if strings.HasSuffix(path, ".zst") {
		command = "zstd"
	}
	out, err := exec.Command(crawltest.Tool(t, command, command), "-dc", path).Output()
	if err != nil {
		t.Fatalf("%s -dc %s: %v", command, path, err)
	}
	return string(out)
}

// copyRecords copies the JSON Lines fixture and the seed page into dir.
func copyRecords(t *testing.T, dir string) {
	t.Helper()
	for src, dst := range map[string]string{
		filepath.Join(recordsDir, "mixed.jsonl"): "mixed.jsonl",
		filepath.Join(lintDir, "seed.txt"):       "seed.txt",
	} {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, dst), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCompressedInputs: a file compressed by the real gzip or zstd lints
// and cleans as the file it holds, named as given; clean --write writes it
// back compressed the same way (what the real tool reads), and leaves a
// file that does not change alone.
func TestCompressedInputs(t *testing.T) {
	for _, command := range []string{"gzip", "zstd"} {
		t.Run(command, func(t *testing.T) {
			// Same folder names: a page's site is its folder's.
			plain, packed := filepath.Join(t.TempDir(), "news"), filepath.Join(t.TempDir(), "news")
			os.Mkdir(plain, 0o755)
			os.Mkdir(packed, 0o755)
			copyRecords(t, plain)
			copyRecords(t, packed)
			for _, name := range []string{"seed.txt", "mixed.jsonl"} {
				zname := compressFile(t, packed, name, command)
				for _, args := range [][]string{{"lint"}, {"lint", "--format", "json"}, {"clean"}} {
					want, wantErr, wantCode := runIn(t, plain, append(args, name)...)
					got, gotErr, gotCode := runIn(t, packed, append(args, zname)...)
					if got != strings.ReplaceAll(want, name, zname) || gotErr != strings.ReplaceAll(wantErr, name, zname) || gotCode != wantCode {
						t.Errorf("%s %s: differs from %s:\n%s%s(exit %d)\nwant\n%s%s(exit %d)", strings.Join(args, " "), zname, name, got, gotErr, gotCode, want, wantErr, wantCode)
					}
				}

				want, _, _ := runIn(t, plain, "clean", name)
				if _, stderr, code := runIn(t, packed, "clean", "--write", zname); code == exitError && name == "seed.txt" {
					t.Fatalf("clean --write %s: %s", zname, stderr)
				}
				if got := decompress(t, filepath.Join(packed, zname)); got != want {
					t.Errorf("clean --write %s: %s -dc gives\n%s\nwant\n%s", zname, command, got, want)
				}
				st, _ := os.Stat(filepath.Join(packed, zname))
				runIn(t, packed, "clean", "--write", zname) // cleaned already: nothing changes
				if st2, _ := os.Stat(filepath.Join(packed, zname)); !st2.ModTime().Equal(st.ModTime()) {
					t.Errorf("clean --write %s rewrote a file it did not change", zname)
				}
			}
		})
	}
}

// TestCleanCompressedOutDir: --out-dir keeps an input's compression; an
// HTML page becomes text with it (x.html.gz is written as x.txt.gz).
func TestCleanCompressedOutDir(t *testing.T) {
	dir := t.TempDir()
	page := "<html><head><title>Hafen</title></head><body><p>Der Hafen wurde am Dienstag nach langer Zeit wieder eröffnet, und viele Menschen kamen zur Feier an die Kaimauer.</p><p>0 Kommentare</p></body></html>"
	if err := os.WriteFile(filepath.Join(dir, "page.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	want, _, _ := runIn(t, dir, "clean", "page.html")
	zname := compressFile(t, dir, "page.html", "gzip")
	out := filepath.Join(dir, "out")
	if _, stderr, code := runIn(t, dir, "clean", "--out-dir", out, zname); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := decompress(t, filepath.Join(out, "page.txt.gz")); got != want || !strings.Contains(got, "Kaimauer") {
		t.Errorf("out/page.txt.gz holds %q, want %q", got, want)
	}
}

// TestDirectoryKinds: a directory gives every kind of input newslint reads,
// plain or compressed (not the Markdown file); --ext narrows; a directory
// with nothing to read is an error, exit 2, whatever the gate.
func TestDirectoryKinds(t *testing.T) {
	dir := t.TempDir()
	copyRecords(t, dir)
	page := "<html><body><p>Der Hafen wurde am Dienstag nach langer Zeit wieder eröffnet, und viele Menschen kamen zur Feier.</p><p>vor 2 Stunden</p></body></html>"
	for name, data := range map[string]string{"page.html": page, "notes.md": "0 Kommentare\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	compressFile(t, dir, "mixed.jsonl", "zstd")
	_, c := crawl(t, true)
	data, err := os.ReadFile(c.WARC)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "crawl.warc.gz"), data, 0o644); err != nil {
		t.Fatal(err)
	}

	files := func(stdout string) []string {
		var names []string
		for _, l := range strings.Split(stdout, "\n") {
			if i := strings.Index(l, ": "); i > 0 && strings.Contains(l, " lines, ") {
				name, _, _ := strings.Cut(l[:i], "#")
				name = filepath.Base(name)
				if len(names) == 0 || names[len(names)-1] != name {
					names = append(names, name)
				}
			}
		}
		return names
	}
	stdout, stderr, code := runIn(t, t.TempDir(), "lint", "--fail-level", "none", dir)
	if got := strings.Join(files(stdout), " "); got != "crawl.warc.gz mixed.jsonl.zst page.html seed.txt" || code != exitError {
		// mixed.jsonl holds malformed records: exit 2.
		t.Errorf("lint DIR read %q (exit %d, %s), want crawl.warc.gz mixed.jsonl.zst page.html seed.txt and exit 2", got, code, stderr)
	}
	stdout, _, _ = runIn(t, t.TempDir(), "lint", "--fail-level", "none", "--ext", "html,warc", dir)
	if got := strings.Join(files(stdout), " "); got != "crawl.warc.gz page.html" {
		t.Errorf("lint --ext html,warc DIR read %q", got)
	}

	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"lint", "--fail-level", "none", empty},
		{"lint", "--ext", "xml", dir},
		{"clean", "--out-dir", filepath.Join(dir, "out"), empty},
		{"baseline", "-o", filepath.Join(dir, "b.json"), empty},
	} {
		stdout, stderr, code := runIn(t, dir, args...)
		if code != exitError || !strings.Contains(stderr, "newslint: no input files under ") {
			t.Errorf("%s: exit %d, stderr %q, stdout %q; want exit 2 and \"no input files under …\"", strings.Join(args, " "), code, stderr, stdout)
		}
	}
}

// TestDirectoryKindsByDefault: with the built-in rules, a directory of
// HTML pages is read. (rules.yaml must not narrow settings: extensions.)
func TestDirectoryKindsByDefault(t *testing.T) {
	set, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	if set.Settings.Extensions != nil {
		t.Skipf("the built-in rules.yaml still sets extensions: %v; remove that line of its settings to read every kind by default", set.Settings.Extensions)
	}
	dir := t.TempDir()
	page := "<html><body><p>Der Hafen wurde am Dienstag nach langer Zeit wieder eröffnet, und viele Menschen kamen zur Feier.</p></body></html>"
	if err := os.WriteFile(filepath.Join(dir, "page.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := cli(t, "lint", "--fail-level", "none", dir)
	if code != exitOK || !strings.Contains(stdout, "1 pages,") {
		t.Errorf("lint DIR with the built-in rules: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestStdinCompressed: compressed data on standard input is recognised by
// its magic bytes.
func TestStdinCompressed(t *testing.T) {
	dir := t.TempDir()
	copyRecords(t, dir)
	want, _, _ := runIn(t, dir, "clean", "mixed.jsonl")
	zname := compressFile(t, dir, "mixed.jsonl", "gzip")
	f, err := os.Open(filepath.Join(dir, zname))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	stdin := os.Stdin
	os.Stdin = f
	defer func() { os.Stdin = stdin }()
	got, _, _ := runIn(t, dir, "clean", "-")
	if !bytes.Equal([]byte(got), []byte(want)) {
		t.Errorf("clean - of gzip'd JSON Lines:\n%s\nwant\n%s", got, want)
	}
}

// TestEvalCompressed: eval keys a compressed page by its name without
// either extension, as the gold text names it (a.txt.gz is a).
func TestEvalCompressed(t *testing.T) {
	dir := t.TempDir()
	pages, gold := filepath.Join(dir, "pages"), filepath.Join(dir, "gold")
	for _, d := range []string{pages, gold} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	seed, err := os.ReadFile(filepath.Join(lintDir, "seed.txt"))
	if err != nil {
		t.Fatal(err)
	}
	article := strings.Split(string(seed), "\n")[10] // the first paragraph
	for name, data := range map[string]string{filepath.Join(pages, "a.txt"): string(seed), filepath.Join(gold, "a.txt"): article + "\n"} {
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	compressFile(t, pages, "a.txt", "gzip")
	stdout, stderr, code := cli(t, "eval", "--gold", gold, pages)
	if code != exitOK || !strings.Contains(stdout, "pages 1\t") || !strings.Contains(stdout, "R 1.000") {
		t.Errorf("eval of a.txt.gz against gold/a.txt: exit %d\n%s%s", code, stdout, stderr)
	}
}

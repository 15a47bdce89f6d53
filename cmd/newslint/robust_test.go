//go:build unix

package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newslint/newslint/internal/tinyfs"
)

// Hostile and broken input, end to end: newslint must not crash, must not
// modify its inputs unless told to (--write), must write atomically, and
// must name the file behind every error.

// cli runs newslint in-process with plain output and the built-in rules,
// unless args name a --config.
func cli(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	flags := []string{args[0], "--color", "never"}
	if !slices.Contains(args, "--config") {
		flags = append(flags, "--no-config")
	}
	args = append(flags, args[1:]...)
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return out.String(), errb.String(), code
}

// seedText is a real page with noise (a comment counter, a follow prompt).
func seedText(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seeds", "000_75925f2242121178.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// hostileFiles are files of every broken kind, by name.
func hostileFiles(t testing.TB) map[string][]byte {
	rng := rand.New(rand.NewSource(1))
	binary := make([]byte, 64<<10)
	rng.Read(binary)
	seed := seedText(t)
	return map[string][]byte{
		"empty.txt":        nil,
		"blank.txt":        []byte("\n\n \t\n\u00a0\n"),
		"binary.txt":       binary,
		"nul.txt":          bytes.Repeat([]byte("\x00text\x00\n"), 100),
		"invalid-utf8.txt": []byte("Gr\xc3\x28\xfc\xdfe\n\xed\xa0\x80\xf4\x90\x80\x80\n\xff\xfe\xfd\n"),
		"latin1.txt":       []byte("M\xfcnchen: Die Stra\xdfe ist ab Montag gesperrt, sagte ein Sprecher der Stadt.\n0 Kommentare\n"),
		"cp1252.txt":       []byte("\x93Zitat\x94 \x96 Gedankenstrich \x85\n"),
		"utf16.txt":        append([]byte("\xff\xfe"), []byte("T\x00i\x00t\x00e\x00l\x00\n\x00")...),
		"crlf.txt":         bytes.ReplaceAll(seed, []byte("\n"), []byte("\r\n")),
		"cr.txt":           bytes.ReplaceAll(seed, []byte("\n"), []byte("\r")),
		"mixed-eol.txt":    []byte("eins\r\nzwei\rdrei\nvier\r\n\r\rfünf"),
		"bom.txt":          append([]byte("\xef\xbb\xbf"), seed...),
		"double-bom.txt":   append([]byte("\xef\xbb\xbf\xef\xbb\xbf"), seed...),
		"long-line.txt":    bytes.Repeat([]byte("Wort "), 400<<10),
		"long-noise.txt":   bytes.Repeat([]byte("ü"), 1<<20),
		"tiny-lines.txt":   bytes.Repeat([]byte("x\n"), 20000),
		"nested.html":      []byte(strings.Repeat("<div><span>", 20000) + "<p>tief</p>"),
		"truncated.html":   []byte("<html><head><title>Titel</title></head><body><article><h1>Titel</h1><p>Ein Satz, der mitten im"),
		"comment.html":     []byte("<p>vorher</p><!-- nie geschlossen <p>nachher</p>"),
		"charset.html":     []byte("<meta charset=\"iso-8859-1\"><title>Gr\xfc\xdfe</title><p>Stra\xdfe \xe4\xf6\xfc</p>"),
		"binary.html":      binary[:4096],
		"wrong-type.jsonl": []byte("{\"text\": 5}\n{\"text\": [\"a\"]}\n{\"text\": {\"x\": 1}}\n{\"text\": null}\n{\"text\": true}\n"),
		"truncated.jsonl":  []byte("{\"text\": \"Zeile eins\\nZeile zwei\"}\n{\"text\": \"abgeschnit"),
		"garbage.jsonl":    []byte("nicht json\n{\n}\n[1,2]\n\"s\"\n{\"text\":\"ok\"}\n"),
		"deep.jsonl":       []byte(strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n" + strings.Repeat(`{"a":`, 20000) + "1" + strings.Repeat("}", 20000) + "\n"),
		"deep.json":        []byte(strings.Repeat(`{"text":"x","a":`, 50000) + "1" + strings.Repeat("}", 50000)),
		"truncated.json":   []byte(`[{"text":"eins"},{"text":"zw`),
		"scalar.json":      []byte(`"nur ein String"`),
		"binary.jsonl":     binary[:8192],
		"bom.jsonl":        []byte("\xef\xbb\xbf{\"text\":\"mit BOM\"}\r\n{\"text\":\"CRLF\"}\r\n"),
		"nul.jsonl":        []byte("{\"text\":\"a\\u0000b\"}\n\x00\n"),
	}
}

// writeTree writes files under dir.
func writeTree(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// snapshot returns the mode of every entry under dir, and the content hash
// and modification time of every file.
func snapshot(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		v := info.Mode().String() // a directory's time changes with the files it holds
		if info.Mode().IsRegular() {
			v += fmt.Sprintf(" %d", info.ModTime().UnixNano())
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			v += fmt.Sprintf(" %x", sha256.Sum256(data))
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel] = v
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameSnapshot(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s changed %s", what, k)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			t.Errorf("%s added %s", what, k)
		}
	}
}

// clip cuts s for a failure message.
func clip(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}

// errorLine matches the lines that report errors: the text report's
// "error: …" and the commands' "newslint: …".
var errorLine = regexp.MustCompile(`^(?:error: |newslint: )(.*)$`)

// TestHostileInputs runs every command over broken files one at a time and
// all at once: no crash (a panic would end the test binary), an exit code
// of 0, 1 or 2, an error line naming the file for every file that fails,
// and the inputs untouched.
func TestHostileInputs(t *testing.T) {
	dir := t.TempDir()
	files := hostileFiles(t)
	writeTree(t, dir, files)
	before := snapshot(t, dir)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		p := filepath.Join(dir, name)
		for _, cmd := range [][]string{{"lint", "--info"}, {"clean"}, {"explain"}, {"clean", "--keep", "noise,meta", "--diff"}} {
			args := append(slices.Clone(cmd), p)
			stdout, stderr, code := cli(t, args...)
			if code < 0 || code > 2 {
				t.Errorf("%s: exit code %d", strings.Join(args, " "), code)
			}
			if code == 2 && !strings.Contains(stdout+stderr, p) {
				t.Errorf("%s: exit 2 without naming the file:\n%s", strings.Join(args, " "), clip(stdout+stderr))
			}
			for _, l := range strings.Split(stdout+stderr, "\n") {
				if m := errorLine.FindStringSubmatch(l); m != nil && !strings.Contains(m[1], p) {
					t.Errorf("%s: error does not name the file: %q", strings.Join(args, " "), l)
				}
			}
		}
	}
	// All at once, as directories are read: every extension.
	stdout, stderr, code := cli(t, "lint", "--ext", "txt,html,json,jsonl", dir)
	if code != 2 {
		t.Errorf("lint over the broken files: exit %d, want 2 (some cannot be read)\n%s", code, stderr)
	}
	for _, name := range names {
		if !strings.Contains(stdout+stderr, filepath.Join(dir, name)) {
			t.Errorf("lint over the directory says nothing of %s", name)
		}
	}
	out := t.TempDir()
	if _, stderr, code := cli(t, "clean", "--ext", "txt,html,json,jsonl", "--out-dir", out, dir); code != 2 {
		t.Errorf("clean --out-dir over the broken files: exit %d, want 2\n%s", code, stderr)
	}
	sameSnapshot(t, "lint, clean, explain and clean --out-dir", before, snapshot(t, dir))
	// What --out-dir wrote is complete: no temporary files.
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".newslint-") {
			t.Errorf("temporary file left behind: %s", p)
		}
		return nil
	})
}

// TestLegacyCharsetBytesKept: text in a legacy charset is read as UTF-8 with
// its invalid bytes kept; clean writes the lines it keeps byte for byte, so
// cleaning never corrupts what it does not drop.
func TestLegacyCharsetBytesKept(t *testing.T) {
	dir := t.TempDir()
	page := []byte("Gr\xfc\xdfe aus M\xfcnchen\r\n\r\nDie Stra\xdfe in der Innenstadt ist ab Montag f\xfcr drei Wochen gesperrt, teilte die Stadt am Freitag mit.\r\nDer Umweg f\xfchrt \xfcber die Ringstra\xdfe, wie ein Sprecher sagte.\r\n0 Kommentare\r\n")
	p := filepath.Join(dir, "latin1.txt")
	if err := os.WriteFile(p, page, 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := cli(t, "clean", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stdout == "" {
		t.Fatal("clean kept nothing")
	}
	for _, l := range strings.Split(strings.TrimRight(stdout, "\r\n"), "\r\n") {
		if l != "" && !bytes.Contains(page, []byte(l+"\r\n")) {
			t.Errorf("clean wrote a line that is not in the input: %q", l)
		}
	}
	if _, _, code := cli(t, "clean", "--write", p); code != 0 {
		t.Fatalf("clean --write: exit %d", code)
	}
	got, _ := os.ReadFile(p)
	if string(got) != stdout {
		t.Errorf("clean --write wrote %q, clean printed %q", got, stdout)
	}
}

// TestFailedFileDoesNotHideOthers: files that cannot be read are reported
// with their names, the exit code is 2, and the other files' results are
// all there.
func TestFailedFileDoesNotHideOthers(t *testing.T) {
	dir := t.TempDir()
	seed := seedText(t)
	writeTree(t, dir, map[string][]byte{"a.txt": seed, "c.txt": seed, "e.jsonl": []byte("{\"text\":\"ok\"}\n{broken\n{\"text\":\"auch ok\"}\n")})
	if err := os.Symlink("missing.txt", filepath.Join(dir, "b.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("d.txt", filepath.Join(dir, "d.txt")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("fifo", filepath.Join(dir, "f.txt")); err != nil {
		t.Fatal(err)
	}
	errs := 4
	if _, err := os.Stat("/proc/self/mem"); err == nil {
		// Root reads whatever chmod says; /proc/self/mem fails with EIO.
		if err := os.Symlink("/proc/self/mem", filepath.Join(dir, "g.txt")); err != nil {
			t.Fatal(err)
		}
		errs++
	}
	gone := filepath.Join(dir, "gone.txt")
	done := make(chan struct{})
	var stdout, stderr string
	var code int
	go func() {
		defer close(done)
		stdout, stderr, code = cli(t, "lint", "--ext", "txt,jsonl", dir, gone)
	}()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("lint hangs (on the symlink to a FIFO?)")
	}
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	all := stdout + stderr
	for _, want := range []string{
		filepath.Join(dir, "a.txt") + ": ",
		filepath.Join(dir, "c.txt") + ": ",
		filepath.Join(dir, "b.txt") + ": no such file",
		filepath.Join(dir, "d.txt") + ": too many levels of symbolic links",
		filepath.Join(dir, "e.jsonl") + "#1: ",
		filepath.Join(dir, "e.jsonl") + ":2:",
		filepath.Join(dir, "e.jsonl") + "#3: ",
		gone + ": no such file",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("output lacks %q:\n%s", want, clip(all))
		}
	}
	if errs == 5 && !regexp.MustCompile(regexp.QuoteMeta(filepath.Join(dir, "g.txt"))+`: read .*: input/output error`).MatchString(all) {
		t.Errorf("output lacks the unreadable g.txt:\n%s", clip(all))
	}
	if !regexp.MustCompile(fmt.Sprintf(`(?m)^\d+ pages, .*, %d errors$`, errs)).MatchString(stdout) {
		t.Errorf("totals do not count %d errors:\n%s", errs, clip(stdout))
	}
}

// TestErrorMessagesNameFileAndLine: every error names the file, with the
// line where there is one, and says what to do.
func TestErrorMessagesNameFileAndLine(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	writeTree(t, dir, map[string][]byte{
		"bad.yaml":       []byte("rules:\n  - id: x\n    patern: y\n"),
		"page.txt":       seedText(t),
		"records.jsonl":  []byte("{\"text\":\"a\"}\n{\"txt\":\"b\"}\n{\"text\":5}\n"),
		"truncated.json": []byte("[{\"text\":\"a\"},\n {\"text\":\"b\""),
	})
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"lint", "--config", bad, filepath.Join(dir, "page.txt")},
			[]string{bad + `:3:5: rule "x": unknown key "patern" (did you mean "patterns"?)`}},
		{[]string{"lint", "--config", filepath.Join(dir, "none.yaml"), filepath.Join(dir, "page.txt")},
			[]string{filepath.Join(dir, "none.yaml")}},
		{[]string{"lint", filepath.Join(dir, "records.jsonl")},
			[]string{filepath.Join(dir, "records.jsonl") + ":2: record has no text field", "--field",
				filepath.Join(dir, "records.jsonl") + `:3: record has no text field (tried text, content, body, articleBody, maintext): field "text" is a number, not a string`}},
		{[]string{"lint", filepath.Join(dir, "truncated.json")},
			[]string{filepath.Join(dir, "truncated.json") + ":2:"}},
		{[]string{"lint", filepath.Join(dir, "nope.txt")},
			[]string{filepath.Join(dir, "nope.txt") + ": no such file or directory"}},
	}
	for _, c := range cases {
		stdout, stderr, code := cli(t, c.args...)
		if code != 2 {
			t.Errorf("%s: exit %d, want 2", strings.Join(c.args, " "), code)
		}
		for _, w := range c.want {
			if !strings.Contains(stdout+stderr, w) {
				t.Errorf("%s: output lacks %q:\n%s", strings.Join(c.args, " "), w, clip(stdout+stderr))
			}
		}
	}
}

// TestInputsNeverModified: without --write, no command changes, adds or
// touches a file under the inputs, whatever the flags.
func TestInputsNeverModified(t *testing.T) {
	dir := t.TempDir()
	seed := seedText(t)
	writeTree(t, dir, map[string][]byte{
		"a.txt":         seed,
		"sub/b.txt":     bytes.ReplaceAll(seed, []byte("\n"), []byte("\r\n")),
		"c.html":        []byte("<html><body><h1>Titel</h1><p>Ein Satz mit Inhalt, der hier steht.</p><p>0 Kommentare</p></body></html>"),
		"d.jsonl":       []byte("{\"text\":\"Titel\\nEin Satz mit Inhalt, der hier steht.\\n0 Kommentare\",\"url\":\"https://example.com/a\"}\n"),
		"e.json":        []byte("[{\"text\":\"Titel\\n0 Kommentare\"}]"),
		"rules.yaml":    []byte("rules:\n  - id: share-button\n    enabled: false\n"),
		".newslint.yml": []byte("not read\n"),
	})
	before := snapshot(t, dir)
	out := t.TempDir()
	ext := "--ext=txt,html,json,jsonl"
	for _, args := range [][]string{
		{"lint", ext, dir},
		{"lint", ext, "--info", "--statistics", "--by-site", dir},
		{"explain", ext, dir},
		{"clean", filepath.Join(dir, "a.txt")},
		{"clean", ext, "--diff", dir},
		{"clean", ext, "--keep", "noise", "--out-dir", out, dir},
		{"clean", ext, "--fix-encoding", "--out-dir", out, dir},
		{"rules", "--check"},
	} {
		cli(t, args...)
		sameSnapshot(t, strings.Join(args, " "), before, snapshot(t, dir))
	}
}

// TestOutputOverInputRefused: an output that would overwrite an input named
// on the same command line is refused, and the input is left as it was:
// through --out-dir (also when the output directory is a symlink to the
// input directory) and through report files.
func TestOutputOverInputRefused(t *testing.T) {
	dir := t.TempDir()
	seed := seedText(t)
	writeTree(t, dir, map[string][]byte{"in/a.txt": seed, "in/b.txt": seed})
	in := filepath.Join(dir, "in")
	a := filepath.Join(in, "a.txt")
	if err := os.Symlink("in", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	cases := [][]string{
		{"clean", "--out-dir", in, a},
		{"clean", "--out-dir", in, in},
		{"clean", "--out-dir", filepath.Join(dir, "link"), in},
		{"clean", "--out-dir", filepath.Join(dir, "link"), a},
		{"lint", "--format", "json=" + a, a},
		{"lint", "--format", "sarif=" + filepath.Join(dir, "link", "b.txt"), in},
		{"lint", "--format", "text", "--format", "junit=" + a, in},
		{"baseline", "-o", a, in},
		{"learn", "-o", filepath.Join(dir, "link", "a.txt"), in},
	}
	for _, args := range cases {
		stdout, stderr, code := cli(t, args...)
		if code != 2 || !strings.Contains(stderr, "refusing to overwrite an input") {
			t.Errorf("%s: exit %d, want 2 and a refusal:\n%s", strings.Join(args, " "), code, clip(stdout+stderr))
		}
		sameSnapshot(t, strings.Join(args, " "), before, snapshot(t, dir))
		if t.Failed() {
			return // the inputs are gone: the other cases would tell nothing
		}
	}
}

// TestSameDestinationRefused: two inputs that would be cleaned to the same
// output file: the second is refused rather than overwriting the first.
func TestSameDestinationRefused(t *testing.T) {
	dir := t.TempDir()
	seed := seedText(t)
	writeTree(t, dir, map[string][]byte{"x/page.txt": seed, "y/page.txt": append([]byte("Anders\n"), seed...)})
	out := filepath.Join(dir, "out")
	_, stderr, code := cli(t, "clean", "--out-dir", out, filepath.Join(dir, "x", "page.txt"), filepath.Join(dir, "y", "page.txt"))
	if code != 2 || !strings.Contains(stderr, filepath.Join(dir, "y", "page.txt")) {
		t.Errorf("exit %d, want 2 and an error naming the second input:\n%s", code, stderr)
	}
	want, _, _ := cli(t, "clean", filepath.Join(dir, "x", "page.txt"))
	if got, _ := os.ReadFile(filepath.Join(out, "page.txt")); string(got) != want {
		t.Errorf("the first input's output was overwritten")
	}
}

// buildNewslint builds the newslint binary into a temporary directory.
func buildNewslint(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "newslint")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// signalCorpus writes n pages under dir/site that each lose lines when
// cleaned, and returns their names.
func signalCorpus(t *testing.T, dir string, n int) []string {
	t.Helper()
	seed := seedText(t)
	var names []string
	for i := range n {
		name := fmt.Sprintf("site/p%04d.txt", i)
		var b bytes.Buffer
		fmt.Fprintf(&b, "Seite %d\n\n", i)
		for k := range 12 {
			b.Write(seed)
			fmt.Fprintf(&b, "\nAbsatz %d der Seite %d steht hier, damit jede Seite eine andere ist.\n\n", k, i)
		}
		writeTree(t, dir, map[string][]byte{name: b.Bytes()})
		names = append(names, name)
	}
	return names
}

// TestInterruptedWrite sends SIGINT and SIGTERM to `newslint clean --write`
// (and --out-dir) half-way through a corpus: every file must be either
// byte-identical to its old content or to its complete cleaned content, no
// temporary file may be left behind, and the exit code is 2 with a message
// that says what happened.
func TestInterruptedWrite(t *testing.T) {
	bin := buildNewslint(t)
	base := t.TempDir()
	orig := filepath.Join(base, "orig")
	names := signalCorpus(t, orig, 300)
	// The cleaned content, from an uninterrupted run.
	want := filepath.Join(base, "want")
	if out, err := exec.Command(bin, "clean", "--no-config", "--out-dir", want, orig).CombinedOutput(); err != nil {
		t.Fatalf("clean --out-dir: %v\n%s", err, out)
	}
	read := func(dir, name string) ([]byte, bool) {
		data, err := os.ReadFile(filepath.Join(dir, name))
		return data, err == nil
	}
	for _, c := range []struct {
		name   string
		sig    syscall.Signal
		outDir bool
	}{
		{"SIGINT --write", syscall.SIGINT, false},
		{"SIGTERM --write", syscall.SIGTERM, false},
		{"SIGINT --out-dir", syscall.SIGINT, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			work := filepath.Join(t.TempDir(), "work")
			if err := os.CopyFS(work, os.DirFS(orig)); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "out")
			args := []string{"clean", "--no-config", "-j", "1", "--write", work}
			watch := work // where the first written file shows
			if c.outDir {
				args = []string{"clean", "--no-config", "-j", "1", "--out-dir", out, work}
				watch = out
			}
			cmd := exec.Command(bin, args...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Wait until the first files are written, then interrupt.
			deadline := time.Now().Add(60 * time.Second)
			for time.Now().Before(deadline) {
				if data, ok := read(watch, names[2]); ok && (c.outDir || !bytes.Equal(data, mustRead(t, orig, names[2]))) {
					break
				}
				time.Sleep(2 * time.Millisecond)
			}
			if err := cmd.Process.Signal(c.sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
				t.Fatal(err)
			}
			err := cmd.Wait()
			code := cmd.ProcessState.ExitCode()
			var old, cleaned, absent int
			for _, name := range names {
				wantNew, _ := read(want, name)
				if c.outDir {
					got, ok := read(out, name)
					switch {
					case !ok:
						absent++
					case bytes.Equal(got, wantNew):
						cleaned++
					default:
						t.Errorf("%s: half-written output (%d bytes of %d)", name, len(got), len(wantNew))
					}
					if in, _ := read(work, name); !bytes.Equal(in, mustRead(t, orig, name)) {
						t.Errorf("%s: input changed by --out-dir", name)
					}
					continue
				}
				got, _ := read(work, name)
				switch {
				case bytes.Equal(got, mustRead(t, orig, name)):
					old++
				case bytes.Equal(got, wantNew):
					cleaned++
				default:
					t.Errorf("%s: neither old nor new (%d bytes)", name, len(got))
				}
			}
			for _, dir := range []string{work, out} {
				filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
					if err == nil && strings.Contains(d.Name(), ".newslint-") {
						t.Errorf("temporary file left behind: %s", p)
					}
					return nil
				})
			}
			t.Logf("exit %d (%v): %d old, %d cleaned, %d absent; stderr: %s", code, err, old, cleaned, absent, clip(stderr.String()))
			if old+absent == 0 {
				t.Logf("the run ended before the signal: nothing to check")
				return
			}
			if code != 2 || !strings.Contains(stderr.String(), "interrupted") {
				t.Errorf("exit %d, stderr %q; want 2 and a message saying the run was interrupted", code, clip(stderr.String()))
			}
		})
	}
}

func mustRead(t *testing.T, dir, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestDiskFull cleans a corpus into an --out-dir on a file system too small
// for it, and in place (--write) on a full one: every output is complete or
// absent, every input is as it was, no temporary file is left, each failure
// names its file, and the run goes on to the other files and exits 2.
func TestDiskFull(t *testing.T) {
	src := t.TempDir()
	names := signalCorpus(t, src, 30)
	var lines []string
	for i := range 40 {
		lines = append(lines, fmt.Sprintf(`{"text":"Titel %d\nEin Satz mit Inhalt, der hier steht und weitergeht, Nummer %d.\n0 Kommentare","url":"https://example.com/%d"}`, i, i, i))
	}
	writeTree(t, src, map[string][]byte{"site/records.jsonl": []byte(strings.Join(lines, "\n") + "\n")})
	names = append(names, "site/records.jsonl")
	want := t.TempDir()
	if _, stderr, code := cli(t, "clean", "--ext", "txt,jsonl", "--out-dir", want, src); code != 0 {
		t.Fatalf("clean: exit %d: %s", code, stderr)
	}
	before := snapshot(t, src)

	t.Run("out-dir", func(t *testing.T) {
		out := tinyfs.Mount(t, 32<<10)
		_, stderr, code := cli(t, "clean", "--ext", "txt,jsonl", "--out-dir", out, src)
		if code != 2 {
			t.Errorf("exit %d, want 2", code)
		}
		written, failed := 0, 0
		for _, name := range names {
			got, err := os.ReadFile(filepath.Join(out, name))
			if err != nil {
				failed++
				if !strings.Contains(stderr, filepath.Join(out, name)+": ") {
					t.Errorf("%s not written, and no error names it:\n%s", name, clip(stderr))
				}
				continue
			}
			written++
			if !bytes.Equal(got, mustRead(t, want, name)) {
				t.Errorf("%s: incomplete output (%d bytes)", name, len(got))
			}
		}
		for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
			if !strings.HasPrefix(l, "newslint: "+out) || !strings.Contains(l, "no space left on device") {
				t.Errorf("error line does not name an output and the full disk: %q", l)
			}
		}
		if written == 0 || failed == 0 {
			t.Errorf("%d outputs written, %d failed: the disk should have filled half-way", written, failed)
		}
		noTemp(t, out)
		sameSnapshot(t, "clean --out-dir", before, snapshot(t, src))
	})

	t.Run("write", func(t *testing.T) {
		dir := tinyfs.Mount(t, 2<<20)
		if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
		orig := snapshot(t, dir)
		tinyfs.Fill(t, dir, "filler")
		_, stderr, code := cli(t, "clean", "--ext", "txt,jsonl", "--write", dir)
		if code != 2 || !strings.Contains(stderr, "no space left on device") {
			t.Errorf("exit %d, want 2 and no space left:\n%s", code, clip(stderr))
		}
		for _, name := range names {
			got := mustRead(t, dir, name)
			if !bytes.Equal(got, mustRead(t, src, name)) && !bytes.Equal(got, mustRead(t, want, name)) {
				t.Errorf("%s: neither old nor new", name)
			}
		}
		noTemp(t, dir)
		delete(orig, "filler")
		after := snapshot(t, dir)
		delete(after, "filler")
		sameSnapshot(t, "clean --write on a full disk", orig, after)
	})
}

// noTemp fails the test for every temporary file of atomicfile under dir.
func noTemp(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".newslint-") {
			t.Errorf("temporary file left behind: %s", p)
		}
		return nil
	})
}

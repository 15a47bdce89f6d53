package input

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/newslint/newslint/internal/crawltest"
)

// compressWith writes data to dir/name and compresses it there with the
// real command (gzip or zstd), which replaces it with name.gz or name.zst.
func compressWith(t *testing.T, dir, name, data, command string) string {
	t.Helper()
	tool := crawltest.Tool(t, command, command)
	plain := filepath.Join(dir, name)
	if err := os.WriteFile(plain, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-q", plain}
	ext := ".gz"
	if command == "zstd" {
		args, ext = []string{"-q", "--rm", plain}, ".zst"
	}
	if out, err := exec.Command(tool, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", command, strings.Join(args, " "), err, out)
	}
	return plain + ext
}

// unitsOf reads target t and returns its units' records, formats and page
// texts, with the page's path.
func unitsOf(t *testing.T, tg Target, opt Options) []string {
	t.Helper()
	var out []string
	err := Units(tg, opt, func(u Unit) error {
		p, err := u.Parse()
		if err != nil {
			out = append(out, "error: "+err.Error())
			return nil
		}
		out = append(out, filepath.Base(p.Path)+" "+u.Format.String()+" "+strings.Repeat("#", min(u.Record, 1))+p.Meta.Title+": "+p.Text())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCompressedUnits: a file compressed by the real gzip or zstd reads as
// the file it holds, by the extension under the compression's, and its
// pages keep the name given; standard input is recognised by its magic
// bytes.
func TestCompressedUnits(t *testing.T) {
	files := map[string]string{
		"page.txt":   "Der Hafen wurde eröffnet.\n\n0 Kommentare\n",
		"page.html":  "<html><head><title>Hafen</title></head><body><p>Der Hafen wurde eröffnet.</p><p>0 Kommentare</p></body></html>",
		"data.jsonl": `{"title":"Eins","text":"Erster Absatz.\n0 Kommentare"}` + "\n" + `{"title":"Zwei","text":"Zweiter Absatz."}` + "\n",
	}
	for name, data := range files {
		for _, command := range []string{"gzip", "zstd"} {
			t.Run(name+"."+command, func(t *testing.T) {
				dir := t.TempDir()
				plainPath := filepath.Join(dir, "plain-"+name)
				if err := os.WriteFile(plainPath, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
				want := unitsOf(t, Target{Path: plainPath}, Options{})
				for i := range want {
					want[i] = strings.Replace(want[i], "plain-"+name, name, 1)
				}
				path := compressWith(t, dir, name, data, command)
				got := unitsOf(t, Target{Path: path}, Options{})
				for i := range got {
					got[i] = strings.Replace(got[i], filepath.Base(path), name, 1)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s:\n got %q\nwant %q", filepath.Base(path), got, want)
				}

				// The same bytes on standard input.
				f, err := os.Open(path)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				stdin := os.Stdin
				os.Stdin = f
				defer func() { os.Stdin = stdin }()
				got = unitsOf(t, Target{Path: Stdin}, Options{})
				for i := range got {
					got[i] = strings.Replace(got[i], "-", name, 1)
				}
				if FormatOf(name) == Text {
					return // text on standard input is sniffed, not named
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("standard input:\n got %q\nwant %q", got, want)
				}
			})
		}
	}
}

func TestFormatOf(t *testing.T) {
	for path, want := range map[string]Format{
		"a.txt": Text, "a.html": HTML, "a.HTM": HTML, "a.json": JSON, "a.jsonl": JSONL, "a.ndjson": JSONL,
		"a.warc": WARC, "a.warc.gz": WARC, "a.jsonl.zst": JSONL, "a.html.gz": HTML, "a.gz": Text, "a.md": Text,
	} {
		if got := FormatOf(path); got != want {
			t.Errorf("FormatOf(%q) = %v, want %v", path, got, want)
		}
	}
}

// TestWalkKinds: by default directories give every kind newslint reads,
// plain or compressed; Extensions narrows to the kinds named (and their
// compressed forms); a directory with none of them is ErrNoInput.
func TestWalkKinds(t *testing.T) {
	dir := t.TempDir()
	names := []string{"a.txt", "b.html", "c.htm", "d.json", "e.jsonl", "f.ndjson", "g.warc", "h.warc.gz",
		"i.jsonl.zst", "j.txt.gz", "k.md", "l.png", "m.tar.gz", "sub/n.HTML.GZ"}
	for _, n := range names {
		p := filepath.Join(dir, n)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	list := func(opt WalkOptions) []string {
		var got []string
		if err := Walk([]string{dir}, opt, func(tg Target) error {
			got = append(got, filepath.ToSlash(tg.Rel))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	for _, tt := range []struct {
		name string
		opt  WalkOptions
		want []string
	}{
		{"default", WalkOptions{}, []string{"a.txt", "b.html", "c.htm", "d.json", "e.jsonl", "f.ndjson", "g.warc", "h.warc.gz", "i.jsonl.zst", "j.txt.gz", "sub/n.HTML.GZ"}},
		{"jsonl", WalkOptions{Extensions: []string{".jsonl"}}, []string{"e.jsonl", "i.jsonl.zst"}},
		{"warc and md", WalkOptions{Extensions: []string{".warc", ".md"}}, []string{"g.warc", "h.warc.gz", "k.md"}},
		{"gz itself", WalkOptions{Extensions: []string{".gz"}}, []string{"h.warc.gz", "j.txt.gz", "m.tar.gz", "sub/n.HTML.GZ"}},
	} {
		if got := list(tt.opt); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}

	err := NoInput([]string{dir, "other"}, WalkOptions{Extensions: []string{".xml"}})
	want := "no input files under " + dir + ", other (extensions .xml, also .gz and .zst; --ext chooses others)"
	if err.Error() != want {
		t.Errorf("NoInput: %q, want %q", err, want)
	}
}

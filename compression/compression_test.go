package compression_test

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newslint/newslint/compression"
)

// tool returns the path of a command-line tool the test needs. Without it
// the test is skipped, unless CI is set (.ci/run installs gzip and zstd):
// then it fails.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not installed (CI is set: .ci/run installs it with apt-get)", name)
	}
	t.Skipf("%s is not installed (apt-get install %s)", name, name)
	return ""
}

func TestSplit(t *testing.T) {
	for _, tt := range []struct {
		path string
		kind compression.Kind
		base string
	}{
		{"x.jsonl.gz", compression.Gzip, "x.jsonl"},
		{"dir/x.HTML.GZ", compression.Gzip, "dir/x.HTML"},
		{"crawl.warc.zst", compression.Zstd, "crawl.warc"},
		{"x.txt", compression.None, "x.txt"},
		{"x.gzip", compression.None, "x.gzip"},
		{"x.tar.gz.txt", compression.None, "x.tar.gz.txt"},
		{"-", compression.None, "-"},
	} {
		kind, base := compression.Split(tt.path)
		if kind != tt.kind || base != tt.base {
			t.Errorf("Split(%q) = %v, %q; want %v, %q", tt.path, kind, base, tt.kind, tt.base)
		}
	}
}

// page is the text the tests compress: several lines, umlauts, and more
// than one block of zstd's and gzip's buffers.
var page = strings.Repeat("Der Hafen wurde am Dienstag wieder eröffnet.\n0 Kommentare\n", 3000)

// TestReadRealTools reads what the real gzip and zstd commands write,
// recognised by name and by magic bytes, and a file of two gzip members
// (as a WARC file compressed record by record is) as one stream.
func TestReadRealTools(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "page.txt")
	if err := os.WriteFile(plain, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	compress := func(name string, args ...string) []byte {
		t.Helper()
		out, err := exec.Command(tool(t, name), args...).Output()
		if err != nil {
			t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
		}
		return out
	}
	gz := compress("gzip", "-c", plain)
	zst := compress("zstd", "-q", "-c", plain)
	half := filepath.Join(dir, "half.txt")
	if err := os.WriteFile(half, []byte(page[:len(page)/2]), 0o644); err != nil {
		t.Fatal(err)
	}
	rest := filepath.Join(dir, "rest.txt")
	if err := os.WriteFile(rest, []byte(page[len(page)/2:]), 0o644); err != nil {
		t.Fatal(err)
	}
	members := append(compress("gzip", "-c", half), compress("gzip", "-c", rest)...)

	for _, tt := range []struct {
		name string
		data []byte
		kind compression.Kind
	}{
		{"gzip", gz, compression.Gzip},
		{"zstd", zst, compression.Zstd},
		{"gzip members", members, compression.Gzip},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := compression.Sniff(tt.data); got != tt.kind {
				t.Fatalf("Sniff = %v, want %v", got, tt.kind)
			}
			r, err := compression.NewReader(tt.kind, bytes.NewReader(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			got, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != page {
				t.Errorf("read %d bytes, want the %d of the page", len(got), len(page))
			}
		})
	}
	if got := compression.Sniff([]byte(page)); got != compression.None {
		t.Errorf("Sniff(text) = %v, want none", got)
	}
}

// TestWriteRealTools: what NewWriter writes, the real gzip and zstd read.
func TestWriteRealTools(t *testing.T) {
	for _, tt := range []struct {
		kind compression.Kind
		cmd  []string
	}{
		{compression.Gzip, []string{"gzip", "-dc"}},
		{compression.Zstd, []string{"zstd", "-dcq"}},
	} {
		t.Run(tt.kind.String(), func(t *testing.T) {
			var buf bytes.Buffer
			w, err := compression.NewWriter(tt.kind, &buf)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.WriteString(w, page); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(tool(t, tt.cmd[0]), tt.cmd[1:]...)
			cmd.Stdin = &buf
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("%s: %v", strings.Join(tt.cmd, " "), err)
			}
			if string(out) != page {
				t.Errorf("%s gave %d bytes, want the %d of the page", strings.Join(tt.cmd, " "), len(out), len(page))
			}
		})
	}
}

// TestBadData: a truncated or corrupt stream is an error that names its
// format, never a short read that looks complete.
func TestBadData(t *testing.T) {
	var gz, zst bytes.Buffer
	for _, c := range []struct {
		kind compression.Kind
		buf  *bytes.Buffer
	}{{compression.Gzip, &gz}, {compression.Zstd, &zst}} {
		w, err := compression.NewWriter(c.kind, c.buf)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, page)
		w.Close()
	}
	for _, tt := range []struct {
		name string
		kind compression.Kind
		data []byte
	}{
		{"gzip cut off", compression.Gzip, gz.Bytes()[:gz.Len()/2]},
		{"zstd cut off", compression.Zstd, zst.Bytes()[:zst.Len()/2]},
		{"gzip without a header", compression.Gzip, []byte("not gzip at all")},
		{"zstd without a header", compression.Zstd, []byte("not zstd at all")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := compression.NewReader(tt.kind, bytes.NewReader(tt.data))
			if err == nil {
				_, err = io.ReadAll(r)
				r.Close()
			}
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), tt.kind.String()+":") {
				t.Errorf("error %q does not name %s", err, tt.kind)
			}
		})
	}
}

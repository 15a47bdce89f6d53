package atomicfile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/newslint/newslint/internal/tinyfs"
)

// An interrupted or failed write must leave the target with its old content
// (or absent, if it was) and no temporary file beside it.

// entries returns the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// oldFile writes a file with old content and returns its path.
func oldFile(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "page.txt")
	if err := os.WriteFile(p, []byte("old content\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkOld checks that p still holds its old content and is alone in its
// directory.
func checkOld(t *testing.T, p string) {
	t.Helper()
	if got, err := os.ReadFile(p); err != nil || string(got) != "old content\n" {
		t.Errorf("%s: content %q (%v), want the old content", p, got, err)
	}
	if names := entries(t, filepath.Dir(p)); len(names) != 1 {
		t.Errorf("files left beside %s: %q", p, names)
	}
}

// TestFillFailsHalfWay: the content producer fails after writing part of
// the new content (a scoring error, a closed pipe, an interrupted run): the
// error names the file and the old content stays.
func TestFillFailsHalfWay(t *testing.T) {
	p := oldFile(t, t.TempDir())
	boom := errors.New("boom")
	err := WriteFunc(p, 0o644, func(w io.Writer) error {
		if _, err := w.Write(bytes.Repeat([]byte("new "), 10000)); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), p+": ") {
		t.Errorf("error %v, want boom naming %s", err, p)
	}
	checkOld(t, p)
}

// TestDiskFullSimulated: a write that fails with ENOSPC half-way.
func TestDiskFullSimulated(t *testing.T) {
	p := oldFile(t, t.TempDir())
	err := WriteFunc(p, 0o644, func(w io.Writer) error {
		w.Write([]byte("half of the new"))
		return &os.PathError{Op: "write", Path: p, Err: syscall.ENOSPC}
	})
	if !errors.Is(err, syscall.ENOSPC) || !strings.HasPrefix(err.Error(), p+": ") {
		t.Errorf("error %v, want ENOSPC naming %s", err, p)
	}
	checkOld(t, p)
}

// TestDiskFull fills a real (tiny) file system: the new content does not
// fit beside the old, so the write fails and the old content stays. Where
// no tmpfs can be mounted, TestDiskFullSimulated stands in.
func TestDiskFull(t *testing.T) {
	dir := tinyfs.Mount(t, 64<<10)
	p := oldFile(t, dir)
	err := Write(p, bytes.Repeat([]byte("new content\n"), 8000), 0o644) // 96 KB
	if !errors.Is(err, syscall.ENOSPC) || !strings.HasPrefix(err.Error(), p+": ") {
		t.Errorf("error %v, want ENOSPC naming %s", err, p)
	}
	checkOld(t, p)
	// Nothing fits, not even an empty temporary file's name: the old
	// content still stays.
	tinyfs.Fill(t, dir, "filler")
	if err := Write(p, []byte("new content\n"), 0o644); err == nil {
		if got, _ := os.ReadFile(p); string(got) != "new content\n" {
			t.Errorf("write reported success, content %q", got)
		}
	} else if got, _ := os.ReadFile(p); string(got) != "old content\n" {
		t.Errorf("failed write changed the file to %q", got)
	}
	for _, n := range entries(t, dir) {
		if strings.Contains(n, ".newslint-") {
			t.Errorf("temporary file left: %s", n)
		}
	}
}

// TestCommitFailure: the rename fails (the path became a directory): the
// temporary file is removed and the error names the path.
func TestCommitFailure(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "page.txt")
	f, err := Create(p, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("new"))
	if err := os.MkdirAll(filepath.Join(p, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := f.Commit(); err == nil || !strings.HasPrefix(err.Error(), p+": ") {
		t.Errorf("commit over a directory: error %v, want one naming %s", err, p)
	}
	if names := entries(t, dir); len(names) != 1 || names[0] != "page.txt" {
		t.Errorf("files left: %q", names)
	}
}

// TestAbortAndCommit: nothing shows at the path before Commit; Abort leaves
// nothing; Commit keeps an existing file's permissions and gives a new file
// the one asked for.
func TestAbortAndCommit(t *testing.T) {
	dir := t.TempDir()
	p := oldFile(t, dir)
	f, err := Create(p, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("new content\n"))
	if got, _ := os.ReadFile(p); string(got) != "old content\n" {
		t.Errorf("content before Commit: %q", got)
	}
	f.Abort()
	checkOld(t, p)

	if err := Write(p, []byte("new content\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o640 {
		t.Errorf("permissions %v, want the old file's 0640", st.Mode().Perm())
	}
	q := filepath.Join(dir, "new.txt")
	if err := Write(q, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(q); st.Mode().Perm() != 0o600 {
		t.Errorf("new file permissions %v, want 0600", st.Mode().Perm())
	}
	if err := Write(dir, []byte("x"), 0o644); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("write over a directory: %v", err)
	}
}

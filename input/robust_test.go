//go:build unix

package input

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hostileTree makes a directory with every kind of entry a walk can meet:
// regular files, a broken symlink, a symlink loop, a FIFO (reading one
// blocks until a writer comes), a symlink to the FIFO, a symlink to a
// device that never ends, a symlink to a directory, a file that cannot be
// read (root reads anything chmod allows, so /proc/self/mem stands in: it
// fails with EIO at offset 0), a hidden directory and a file with a name
// that is not UTF-8.
func hostileTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txt", "Erste Seite.\n")
	write("sub/b.txt", "Zweite Seite.\n")
	write(".git/c.txt", "hidden\n")
	write("z\xff.txt", "Name ist kein UTF-8.\n")
	link("missing.txt", "broken.txt")
	link("loop.txt", "loop.txt")
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	link("fifo.txt", "fifo-link.txt")
	link("/dev/zero", "zero.txt")
	link("sub", "dir-link.txt")
	if _, err := os.Stat("/proc/self/mem"); err == nil {
		link("/proc/self/mem", "eio.txt")
	}
	return dir
}

// TestWalkHostileEntries: broken symlinks and loops are reported with their
// names and the walk goes on; FIFOs, devices and directories behind
// symlinks are skipped like the FIFOs and devices themselves (reading a FIFO
// blocks forever, /dev/zero never ends); every regular file is listed.
func TestWalkHostileEntries(t *testing.T) {
	dir := hostileTree(t)
	var got, errs []string
	done := make(chan error, 1)
	go func() {
		done <- Walk([]string{dir, filepath.Join(dir, "nope.txt")}, WalkOptions{Extensions: []string{".txt"}}, func(tg Target) error {
			rel, _ := filepath.Rel(dir, tg.Path)
			if tg.Err != nil {
				errs = append(errs, rel+": "+strings.ReplaceAll(tg.Err.Error(), dir+string(filepath.Separator), ""))
				return nil
			}
			got = append(got, rel)
			return nil
		})
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the walk hangs")
	}
	want := []string{"a.txt", "sub/b.txt", "z\xff.txt"}
	if _, err := os.Stat("/proc/self/mem"); err == nil {
		want = []string{"a.txt", "eio.txt", "sub/b.txt", "z\xff.txt"}
	}
	if !slices.Equal(got, want) {
		t.Errorf("listed %q, want %q", got, want)
	}
	wantErrs := []string{
		"broken.txt: broken.txt: no such file or directory (or a broken symlink)",
		"loop.txt: stat loop.txt: too many levels of symbolic links",
		"nope.txt: nope.txt: no such file or directory (or a broken symlink)",
	}
	if !slices.Equal(errs, wantErrs) {
		t.Errorf("reported\n  %s\nwant\n  %s", strings.Join(errs, "\n  "), strings.Join(wantErrs, "\n  "))
	}
}

// TestUnitsUnreadable: a file that fails while it is read is an error that
// names it; a FIFO named on the command line is read like a pipe (that is
// what `newslint lint <(scraper)` gives), not refused.
func TestUnitsUnreadable(t *testing.T) {
	dir := hostileTree(t)
	if _, err := os.Stat("/proc/self/mem"); err == nil {
		p := filepath.Join(dir, "eio.txt")
		err := Units(Target{Path: p, Root: p}, Options{}, func(Unit) error {
			t.Error("a unit from an unreadable file")
			return nil
		})
		if err == nil || !strings.HasPrefix(err.Error(), p+": ") {
			t.Errorf("error %v, want it to start with %s: ", err, p)
		}
	}
	fifo := filepath.Join(dir, "fifo.txt")
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		f.WriteString("aus der Pipe\n")
		f.Close()
	}()
	var text string
	err := Units(Target{Path: fifo, Root: fifo}, Options{}, func(u Unit) error {
		text = string(u.Raw)
		return nil
	})
	if err != nil || text != "aus der Pipe\n" {
		t.Errorf("FIFO argument: read %q, error %v", text, err)
	}
}

// Package golden compares test output with golden files: `go test -update`
// rewrites them, and a mismatch prints a unified diff (with the first
// differing byte of each changed line, so a change inside a long JSON line
// shows).
package golden

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newslint/newslint/internal/udiff"
)

var update = flag.Bool("update", false, "rewrite the golden files with the output of the tests")

// Check compares got with the file at path, or writes got there with -update.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs from the output (go test -update rewrites it):\n%s", path, Diff(string(want), string(got)))
	}
}

// Diff returns the unified diff of a and b (package udiff) made readable
// for long lines such as JSON Lines records: a line longer than 300 bytes is
// shortened, and a changed line is followed by the byte where it starts to
// differ, with the text around it.
func Diff(a, b string) string {
	lines := strings.SplitAfter(udiff.Unified("golden", "got", a, b), "\n")
	var out strings.Builder
	for i, l := range lines {
		out.WriteString(clip(l))
		if strings.HasPrefix(l, "+") && !strings.HasPrefix(l, "+++") && i > 0 && strings.HasPrefix(lines[i-1], "-") && !strings.HasPrefix(lines[i-1], "---") {
			out.WriteString(firstDiff(lines[i-1][1:], l[1:]))
		}
	}
	return out.String()
}

// clip shortens a long line for display.
func clip(s string) string {
	if len(s) <= 300 {
		return s
	}
	nl := ""
	if strings.HasSuffix(s, "\n") {
		nl = "\n"
	}
	return s[:200] + fmt.Sprintf(" […%d bytes…] ", len(s)-300) + s[len(s)-100:len(s)-len(nl)] + nl
}

// firstDiff shows where two lines start to differ.
func firstDiff(a, b string) string {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	from := max(0, n-40)
	return fmt.Sprintf("  first difference at byte %d:\n  - …%q\n  + …%q\n", n+1, a[from:min(len(a), n+40)], b[from:min(len(b), n+40)])
}

// Updating reports whether the tests run with -update, which rewrites
// golden files (and generated code, see rules.TestBuiltinGenerated).
func Updating() bool { return *update }

// Package golden compares test output with golden files: `go test -update`
// rewrites them, and a mismatch prints a line diff (with the first differing
// column of each changed line, so a change inside a long JSON line shows).
package golden

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
		t.Errorf("%s differs from the output (- golden, + got; go test -update rewrites it):\n%s", path, Diff(string(want), string(got)))
	}
}

// Diff returns a line diff of a and b: lines only in a start with "-",
// lines only in b with "+", with two lines of context around changes. A
// changed line is followed by the column where it starts to differ.
func Diff(a, b string) string {
	x, y := lines(a), lines(b)
	// Longest common subsequence of lines, by dynamic programming: the
	// files compared here are small.
	lcs := make([][]int32, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type op struct {
		kind byte
		line string
	}
	var ops []op
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			ops = append(ops, op{' ', x[i]})
			i++
			j++
		case i < len(x) && (j == len(y) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', x[i]})
			i++
		default:
			ops = append(ops, op{'+', y[j]})
			j++
		}
	}
	var out strings.Builder
	const context = 2
	last := -1
	for k, o := range ops {
		near := false
		for d := -context; d <= context; d++ {
			if k+d >= 0 && k+d < len(ops) && ops[k+d].kind != ' ' {
				near = true
			}
		}
		if !near {
			continue
		}
		if last >= 0 && k > last+1 {
			out.WriteString("...\n")
		}
		last = k
		fmt.Fprintf(&out, "%c%s", o.kind, clip(o.line))
		if !strings.HasSuffix(o.line, "\n") {
			out.WriteString("\n\\ no newline at end\n")
		}
		if o.kind == '+' && k > 0 && ops[k-1].kind == '-' {
			out.WriteString(firstDiff(ops[k-1].line, o.line))
		}
	}
	return out.String()
}

// lines splits s after each line feed.
func lines(s string) []string {
	l := strings.SplitAfter(s, "\n")
	if l[len(l)-1] == "" {
		l = l[:len(l)-1]
	}
	return l
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

package udiff

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	tests := []struct {
		name, a, b, want string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"delete", "a\nb\nc\n", "a\nc\n", "--- x\n+++ y\n@@ -1,3 +1,2 @@\n a\n-b\n c\n"},
		{"insert into empty", "", "a\n", "--- x\n+++ y\n@@ -0,0 +1 @@\n+a\n"},
		{"delete all", "a\nb\n", "", "--- x\n+++ y\n@@ -1,2 +0,0 @@\n-a\n-b\n"},
		{"no newline at end", "a\nb", "a\n", "--- x\n+++ y\n@@ -1,2 +1 @@\n a\n-b\n\\ No newline at end of file\n"},
		{"crlf kept", "a\r\nb\r\n", "b\r\n", "--- x\n+++ y\n@@ -1,2 +1 @@\n-a\r\n b\r\n"},
		{
			"two hunks",
			"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n",
			"2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n",
			"--- x\n+++ y\n@@ -1,4 +1,3 @@\n-1\n 2\n 3\n 4\n@@ -9,4 +8,3 @@\n 9\n 10\n 11\n-12\n",
		},
		{
			"close changes share a hunk",
			"1\n2\n3\n4\n5\n6\n7\n8\n",
			"2\n3\n4\n5\n6\n7\n",
			"--- x\n+++ y\n@@ -1,8 +1,6 @@\n-1\n 2\n 3\n 4\n 5\n 6\n 7\n-8\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Unified("x", "y", tt.a, tt.b)
			if got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestUnifiedApplies checks on random edits that applying the diff to the
// old text gives the new one.
func TestUnifiedApplies(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for i := range 300 {
		var a, b []string
		for j := range rng.Intn(40) {
			line := strconv.Itoa(rng.Intn(8)) + "\n"
			if j%7 == 6 {
				line = "x\r\n"
			}
			a = append(a, line)
			switch rng.Intn(5) {
			case 0: // dropped
			case 1:
				b = append(b, "new "+line)
			default:
				b = append(b, line)
			}
		}
		as, bs := strings.Join(a, ""), strings.Join(b, "")
		if i%3 == 0 && len(bs) > 0 {
			bs = strings.TrimSuffix(bs, "\n")
		}
		d := Unified("a", "b", as, bs)
		got, err := apply(as, d)
		if err != nil {
			t.Fatalf("case %d: %v\ndiff:\n%s", i, err, d)
		}
		if got != bs {
			t.Fatalf("case %d: applying the diff gives %q, want %q\ndiff:\n%s", i, got, bs, d)
		}
	}
}

// TestUnifiedManyLines checks a text of more distinct lines than a UTF-16
// unit holds: go-diff before v1.4.0 mixed up lines past 65535 there.
func TestUnifiedManyLines(t *testing.T) {
	var a strings.Builder
	for i := range 70000 {
		fmt.Fprintf(&a, "line %d\n", i)
	}
	b := strings.Replace(a.String(), "line 69000\n", "changed\n", 1)
	d := Unified("a", "b", a.String(), b)
	want := "--- a\n+++ b\n@@ -68998,7 +68998,7 @@\n line 68997\n line 68998\n line 68999\n-line 69000\n+changed\n line 69001\n line 69002\n line 69003\n"
	if d != want {
		t.Errorf("got:\n%.2000s\nwant:\n%s", d, want)
	}
}

// apply applies a unified diff made by Unified to a.
func apply(a, d string) (string, error) {
	if d == "" {
		return a, nil
	}
	old := splitLinesKeepEnds(a)
	lines := strings.SplitAfter(d, "\n")
	var out []string
	pos := 0 // next line of old to copy
	for i := 2; i < len(lines) && lines[i] != ""; {
		f := strings.Fields(lines[i]) // @@ -s[,n] +s[,n] @@
		if len(f) != 4 || f[0] != "@@" || f[3] != "@@" {
			return "", fmt.Errorf("bad hunk header %q", lines[i])
		}
		os, ol := hunkSide(strings.TrimPrefix(f[1], "-"))
		start := os - 1
		if ol == 0 {
			start = os
		}
		out = append(out, old[pos:start]...)
		pos = start
		i++
		for i < len(lines) && lines[i] != "" && !strings.HasPrefix(lines[i], "@@") {
			l := lines[i]
			body := l[1:]
			if i+1 < len(lines) && strings.HasPrefix(lines[i+1], "\\ No newline") {
				body = strings.TrimSuffix(body, "\n")
				i++
			}
			switch l[0] {
			case ' ', '-':
				if pos >= len(old) || old[pos] != body {
					return "", fmt.Errorf("line %d: want %q, have %q", pos+1, body, old[min(pos, len(old)-1)])
				}
				pos++
				if l[0] == ' ' {
					out = append(out, body)
				}
			case '+':
				out = append(out, body)
			default:
				return "", fmt.Errorf("bad diff line %q", l)
			}
			i++
		}
	}
	out = append(out, old[pos:]...)
	return strings.Join(out, ""), nil
}

// hunkSide parses "s,n" or "s" (n = 1) of a hunk header.
func hunkSide(s string) (start, n int) {
	a, b, ok := strings.Cut(s, ",")
	start, _ = strconv.Atoi(a)
	n = 1
	if ok {
		n, _ = strconv.Atoi(b)
	}
	return start, n
}

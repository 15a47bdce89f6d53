package detect

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newslint/newslint/rules"
)

// TestLiteralSet checks the automaton against strings.Contains on overlapping
// and nested literals.
func TestLiteralSet(t *testing.T) {
	lits := []string{"KOMMENTAR", "KOMMENTARE", "MENT", "TAR", "ÜBER", "©", "…]", "A", "0", ":", "0:"}
	texts := []string{"", "0 KOMMENTARE", "ÜBERALL © 2024", "DEN […]", "NICHTS HIER", "MENTMENT", "XAX", "KOMMENTA", "UM 10:30", "A:"}
	checkLiteralSet(t, lits, texts)
}

// TestLiteralSetSplit checks a literal set too big for one automaton of
// uint16 states: 16,000 literals of 9 bytes need ~85,000 states.
func TestLiteralSetSplit(t *testing.T) {
	var lits []string
	for i := 0; i < 16000; i++ {
		lits = append(lits, fmt.Sprintf("W%08d", i*7919%100000000))
	}
	set := newLiteralSet(lits)
	if len(set.dfas) < 2 {
		t.Fatalf("%d automata, want the literals split", len(set.dfas))
	}
	texts := []string{lits[0], "X" + lits[15999] + " " + lits[6000], "W123", lits[42][:7]}
	checkLiteralSet(t, lits, texts)
}

// checkLiteralSet compares the literals found in each text with
// strings.Contains.
func checkLiteralSet(t *testing.T, lits, texts []string) {
	t.Helper()
	set := newLiteralSet(lits)
	found := make([]bool, len(lits))
	for _, text := range texts {
		ids := set.scan(text, found, nil)
		var got []string
		for _, id := range ids {
			got = append(got, lits[id])
			found[id] = false
		}
		var want []string
		for _, l := range lits {
			if strings.Contains(text, l) {
				want = append(want, l)
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q: found %q, want %q", text, got, want)
		}
	}
}

// TestFoldedPatternsAgree checks, on every line of the repository's example
// pages, that each default pattern matched on the case-folded line (what
// the detector runs) agrees with the pattern matched on the line itself.
func TestFoldedPatternsAgree(t *testing.T) {
	set, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "seeds", "*.txt"))
	var lines []string
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(string(data), "\n")...)
	}
	for _, r := range set.Rules {
		for _, ex := range append(slices.Clone(r.Examples.Match), r.Examples.NoMatch...) {
			lines = append(lines, strings.Split(ex, "\n")...)
		}
	}
	if len(lines) < 100 {
		t.Fatalf("only %d lines to test on", len(lines))
	}
	for _, r := range set.Rules {
		for _, re := range r.Patterns {
			for _, l := range lines {
				if a, b := re.MatchString(l), re.MatchLine(l, rules.FoldCase(l)); a != b {
					t.Errorf("rule %s, pattern %s on %q: %v, on the folded line %v", r.ID, re, l, a, b)
				}
			}
		}
	}
}

// BenchmarkLiterals runs the default rules' two automata (pattern literals
// over case-folded lines, phrases over folded words) over every line of the
// benchmark's innertext pages. MB/s is of case-folded text.
func BenchmarkLiterals(b *testing.B) {
	files, _ := filepath.Glob("../../shared/bench/*/innertext/*.txt")
	if len(files) == 0 {
		b.Skip("../shared/bench not found beside the repository")
	}
	set, err := rules.Default()
	if err != nil {
		b.Fatal(err)
	}
	e := New(set)
	var folded, padded []string
	var n int64
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		for _, l := range strings.Split(string(data), "\n") {
			folded = append(folded, rules.FoldCase(l))
			padded = append(padded, " "+string(rules.FoldWords(nil, l))+" ")
			n += int64(len(l))
		}
	}
	b.Run("patterns", func(b *testing.B) {
		b.SetBytes(n)
		found := make([]bool, e.literals.set.n)
		var ids []int32
		for i := 0; i < b.N; i++ {
			for _, l := range folded {
				ids = e.literals.set.scan(l, found, ids[:0])
				for _, id := range ids {
					found[id] = false
				}
			}
		}
	})
	b.Run("phrases", func(b *testing.B) {
		b.SetBytes(n)
		var occ []occurrence
		for i := 0; i < b.N; i++ {
			for _, l := range padded {
				occ = e.phrases.set.occurrences(l, occ[:0])
			}
		}
	})
}

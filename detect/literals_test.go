package detect

import (
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
	lits := []string{"KOMMENTAR", "KOMMENTARE", "MENT", "TAR", "ÜBER", "©", "…]", "A"}
	set := newLiteralSet(lits)
	texts := []string{"", "0 KOMMENTARE", "ÜBERALL © 2024", "DEN […]", "NICHTS HIER", "MENTMENT", "XAX", "KOMMENTA"}
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

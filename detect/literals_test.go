package detect

import (
	"slices"
	"strings"
	"testing"
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

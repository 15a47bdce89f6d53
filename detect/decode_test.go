package detect

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/newslint/newslint/rules"
)

// TestDecodeIsBestReading checks the Viterbi decoder against the best of
// every reading of short pages of random evidence and markers, scored with
// the same Allowed, Step and Emit.
func TestDecodeIsBestReading(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	set, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	e := New(set)
	p := &set.Settings.Structure
	vec := p.Vector()
	for trial := range 300 {
		n := 1 + rng.IntN(7)
		s := &scan{e: e, scratch: &scratch{}}
		for range n {
			mk := rng.IntN(5) == 0
			ls := lineState{evidence: 3 * rng.NormFloat64(), marker: mk}
			if mk {
				ls.endCost = 4 * rng.Float64()
			}
			s.lines = append(s.lines, ls)
		}
		s.decode()
		score := func(seq []State) float64 {
			v := 0.0
			for i, st := range seq {
				ls := &s.lines[i]
				if !Allowed(st, i == 0, ls.marker) {
					return math.Inf(-1)
				}
				if i > 0 {
					k, ok := Step(seq[i-1], st, ls.marker)
					if !ok {
						return math.Inf(-1)
					}
					if k >= 0 {
						v += vec[k]
					}
				}
				em, _, _ := Emit(p, st, ls.evidence, ls.endCost)
				v += em
			}
			return v
		}
		got := make([]State, n)
		for i := range n {
			got[i] = s.lines[i].state
		}
		best := math.Inf(-1)
		seq := make([]State, n)
		var rec func(i int)
		rec = func(i int) {
			if i == n {
				best = max(best, score(seq))
				return
			}
			for st := range NumStates {
				seq[i] = st
				rec(i + 1)
			}
		}
		rec(0)
		if g := score(got); math.Abs(g-best) > 1e-9 {
			t.Errorf("trial %d: decoded %v scores %.6f, the best reading %.6f", trial, got, g, best)
		}
	}
}

package fit

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/rules"
)

// TestLikelihoodGradient checks the decoder likelihood's gradient against
// central differences on chains of random lines, labels and markers.
func TestLikelihoodGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	m := &crfModel{sign: []float64{1, -1, 1, -1}, ends: make([]*rules.Rule, 2)}
	var cs []chain
	for range 6 {
		n := 3 + rng.IntN(12)
		c := chain{weight: 0.5 + rng.Float64()}
		for i := range n {
			var fs []int32
			for j := range len(m.sign) {
				if rng.IntN(3) == 0 {
					fs = append(fs, int32(j))
				}
			}
			c.feats = append(c.feats, fs)
			c.off = append(c.off, rng.NormFloat64())
			mk := i > 0 && rng.IntN(6) == 0
			c.marker = append(c.marker, mk)
			var ends []int32
			if mk {
				ends = append(ends, int32(rng.IntN(2)))
			}
			c.ends = append(c.ends, ends)
			c.label = append(c.label, int8(rng.IntN(3)-1))
		}
		cs = append(cs, c)
	}
	x := []float64{0.3, -0.5, 1.2, 0.1, 1.1, -0.2}
	x = append(x, rules.DefaultStructure.Vector()...)
	for k := range x[6:] {
		x[6+k] += 0.3 * rng.NormFloat64()
	}
	_, g := m.negLogLik(cs, x, 0.7)
	const h = 1e-5
	for k := range x {
		xp, xm := append([]float64(nil), x...), append([]float64(nil), x...)
		xp[k] += h
		xm[k] -= h
		fp, _ := m.negLogLik(cs, xp, 0.7)
		fm, _ := m.negLogLik(cs, xm, 0.7)
		num := (fp - fm) / (2 * h)
		if math.Abs(num-g[k]) > 1e-4*max(1, math.Abs(num)) {
			t.Errorf("parameter %d: gradient %.6f, central difference %.6f", k, g[k], num)
		}
	}
}

// TestLikelihoodByEnumeration checks log Z of short chains against the sum
// over every reading of the page, made with the decoder's own rules.
func TestLikelihoodByEnumeration(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	p := rules.DefaultStructure
	for trial := range 40 {
		n := 1 + rng.IntN(5)
		c := chain{}
		ev := make([]float64, n)
		cost := make([]float64, n)
		for i := range n {
			ev[i] = 2 * rng.NormFloat64()
			mk := rng.IntN(4) == 0
			c.marker = append(c.marker, mk)
			if mk {
				cost[i] = 5 * rng.Float64()
			}
			c.label = append(c.label, int8(rng.IntN(3)-1))
			c.feats = append(c.feats, nil)
			c.ends = append(c.ends, nil)
		}
		for _, constrained := range []bool{false, true} {
			got, _ := expectations(&c, ev, cost, nil, &p, constrained, 0, 0, nil)
			want := enumerate(&c, ev, cost, &p, constrained)
			if math.Abs(got-want) > 1e-9*max(1, math.Abs(want)) && !(math.IsInf(got, -1) && math.IsInf(want, -1)) {
				t.Errorf("trial %d (constrained %v): log Z %.9f, by enumeration %.9f", trial, constrained, got, want)
			}
		}
	}
}

// enumerate sums exp(score) over every reading of the chain.
func enumerate(c *chain, ev, cost []float64, p *rules.Structure, constrained bool) float64 {
	n := len(ev)
	vec := p.Vector()
	var terms []float64
	seq := make([]detect.State, n)
	var rec func(i int, score float64)
	rec = func(i int, score float64) {
		if i == n {
			terms = append(terms, score)
			return
		}
		for st := range detect.NumStates {
			if !detect.Allowed(st, i == 0, c.marker[i]) || (constrained && !agrees(st, c.label[i])) {
				continue
			}
			s := score
			if i > 0 {
				k, ok := detect.Step(seq[i-1], st, c.marker[i])
				if !ok {
					continue
				}
				if k >= 0 {
					s += vec[k]
				}
			}
			e, _, _ := detect.Emit(p, st, ev[i], cost[i])
			seq[i] = st
			rec(i+1, s+e)
		}
	}
	rec(0, 0)
	return logSumExp(terms)
}

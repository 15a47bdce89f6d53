package fit

import (
	"fmt"
	"math"
	"slices"
	"sync"

	"gonum.org/v1/gonum/optimize"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/eval"
	"github.com/newslint/newslint/rules"
)

// The decoder (see detect) is a linear-chain conditional random field
// whose states are hidden: before the article, before it but below a line
// that ends articles, in the article, in an inset, after the article. The
// gold says of some lines whether they are article text, that is whether
// they are in the article state. The first-pass weights and the structure
// scores are fitted together by maximising the likelihood of what the gold
// says (the sum, over every reading of the page that agrees with it, of
// the readings' probabilities), with an L2 penalty on the weights.

// Label constraints of a line.
const (
	free    = -1 // the gold says nothing of the line
	outside = 0  // not article text
	inside  = 1  // article text
)

// chain is one page as the likelihood sees it.
type chain struct {
	feats  [][]int32 // per line: the fitted first-pass rules that fired (indexes into crfModel.rules)
	ends   [][]int32 // per line: the end-of-article rules that fired (indexes into crfModel.ends)
	off    []float64 // per line: evidence of rules not fitted
	marker []bool
	label  []int8
	weight float64 // of the page in the likelihood
	// For the benchmark score (see softScore): each line's gold target
	// (weight and content share), whether a title or meta rule fired on
	// it (clean never keeps it as content), the page's set (an index into
	// trainer.sets) and whether it scores by shingles (else by counts).
	tw, tc   []float64
	fixed    []bool
	set      int
	shingles bool
}

// crfModel holds what is being fitted: a weight per fitted first-pass rule
// and an end cost per end-of-article rule (each kept at or above zero as
// the softplus of an unconstrained number), and the structure scores. The
// parameter vector is the weights', the end costs' and the structure's, in
// that order.
type crfModel struct {
	rules []*rules.Rule // the fitted first-pass rules
	sign  []float64
	ends  []*rules.Rule // the end-of-article rules
	// center holds where the penalty on each weight and end cost is
	// centred, then the structure scores' (nil: 0, and the structure
	// scores are not penalised).
	center []float64
}

// numStructure is the number of structure scores.
const numStructure = rules.NumStructure

func softplus(u float64) float64 {
	if u > 30 {
		return u
	}
	return math.Log1p(math.Exp(u))
}

// invSoftplus is softplus's inverse (for weights above 0; small weights
// map to a large negative number).
func invSoftplus(w float64) float64 {
	w = max(w, 1e-4)
	if w > 30 {
		return w
	}
	return math.Log(math.Expm1(w))
}

// Confidence thresholds: a line whose gold content share is at least
// insideAt is article text, at most outsideAt not; between, free.
const (
	insideAt  = 0.6
	outsideAt = 0.3
)

// chains builds the likelihood's pages from the prepared examples.
func (t *trainer) chains(opt Options, scored bool) ([]chain, *crfModel) {
	m := &crfModel{}
	index, endIndex := map[*rules.Rule]int32{}, map[*rules.Rule]int32{}
	for _, r := range t.set.Rules {
		if fittable(r) && !r.Structural() {
			index[r] = int32(len(m.rules))
			m.rules = append(m.rules, r)
			m.sign = append(m.sign, r.Sign())
		}
		if !r.Disabled && r.EndsArticle && !r.Structural() {
			endIndex[r] = int32(len(m.ends))
			m.ends = append(m.ends, r)
		}
	}
	out := make([]chain, 0, len(t.exs))
	for k, ex := range t.exs {
		pr := t.preps[k]
		res := pr.FirstPass()
		n := len(res.Verdicts)
		c := chain{feats: make([][]int32, n), ends: make([][]int32, n), off: make([]float64, n),
			marker: pr.Markers(), label: make([]int8, n),
			tw: make([]float64, n), tc: make([]float64, n), fixed: make([]bool, n),
			set: t.setIndex[ex.Set], shingles: ex.Method == eval.Shingles}
		labelled := 0.0
		for i, v := range res.Verdicts {
			for _, h := range v.Hits {
				if h.Rule.Label == rules.Title || h.Rule.Label == rules.Meta {
					c.fixed[i] = true
				}
				if j, ok := endIndex[h.Rule]; ok {
					c.ends[i] = append(c.ends[i], j)
				}
				if h.Rule.Label != rules.Noise && h.Rule.Label != rules.Content {
					continue
				}
				if j, ok := index[h.Rule]; ok {
					c.feats[i] = append(c.feats[i], j)
				} else {
					c.off[i] += h.Delta
				}
			}
			tg := ex.Targets[v.Num-1]
			c.tw[i], c.tc[i] = tg.Weight, tg.Content
			switch {
			case tg.Weight == 0:
				c.label[i] = free
			case tg.Content >= insideAt:
				c.label[i] = inside
			case tg.Content <= outsideAt:
				c.label[i] = outside
			default:
				c.label[i] = free
			}
			if c.label[i] != free {
				labelled++
			}
		}
		if scored && !t.counts(k) || !scored && labelled == 0 {
			continue
		}
		if labelled > 0 {
			c.weight = opt.PageWeight * t.pageWeight[k] / labelled
		}
		out = append(out, c)
	}
	return out, m
}

// fitCRF fits the first-pass weights, the end costs and the structure
// scores of the trainer's rule set by maximum likelihood, from their
// current values.
func (t *trainer) fitCRF(opt Options) error {
	cs, m := t.chains(opt, false)
	nw, ne := len(m.sign), len(m.ends)
	if t.prior {
		m.center = make([]float64, nw+ne, nw+ne+numStructure)
		for j, r := range m.rules {
			m.center[j] = t.start[r]
		}
		for j, r := range m.ends {
			m.center[nw+j] = t.startEnd[r]
		}
		// With a prior the structure scores are held to theirs too:
		// unpenalised, a few labelled lines drive them far off.
		m.center = append(m.center, t.set.Settings.Structure.Vector()...)
	}
	x := make([]float64, nw+ne+numStructure)
	for j, r := range m.rules {
		x[j] = invSoftplus(r.Weight)
	}
	for j, r := range m.ends {
		x[nw+j] = invSoftplus(r.EndCost)
	}
	copy(x[nw+ne:], t.set.Settings.Structure.Vector())
	var mu sync.Mutex
	var lastX []float64
	var lastF float64
	var lastG []float64
	eval := func(x []float64) (float64, []float64) {
		mu.Lock()
		defer mu.Unlock()
		if lastX != nil && slices.Equal(lastX, x) {
			return lastF, lastG
		}
		f, g := m.negLogLik(cs, x, opt.Lambda)
		lastX, lastF, lastG = slices.Clone(x), f, g
		return f, g
	}
	p := optimize.Problem{
		Func: func(x []float64) float64 { f, _ := eval(x); return f },
		Grad: func(grad, x []float64) { _, g := eval(x); copy(grad, g) },
	}
	f0, _ := eval(x)
	res, err := optimize.Minimize(p, x, &optimize.Settings{MajorIterations: opt.Iterations, GradientThreshold: 1e-4}, &optimize.LBFGS{})
	if err != nil && res == nil {
		return fmt.Errorf("fit: %w", err)
	}
	opt.Log(fmt.Sprintf("decoder likelihood: %d rules, %d end rules, %d pages; -log L %.2f -> %.2f (%s, %d iterations)", nw, ne, len(cs), f0, res.F, res.Status, res.Stats.MajorIterations))
	for j, r := range m.rules {
		r.Weight = softplus(res.X[j])
	}
	for j, r := range m.ends {
		r.EndCost = softplus(res.X[nw+j])
	}
	t.set.Settings.Structure = rules.StructureOf(res.X[nw+ne:])
	return nil
}

// negLogLik returns the penalised negative log-likelihood of the chains
// at x and its gradient.
func (m *crfModel) negLogLik(cs []chain, x []float64, lambda float64) (float64, []float64) {
	nw, ne := len(m.sign), len(m.ends)
	w := make([]float64, nw)
	for j := range w {
		w[j] = m.sign[j] * softplus(x[j])
	}
	ec := make([]float64, ne)
	for j := range ec {
		ec[j] = softplus(x[nw+j])
	}
	p := rules.StructureOf(x[nw+ne:])
	parts := make([]struct {
		f float64
		g []float64
	}, len(cs))
	parallel(len(cs), func(k int) {
		g := make([]float64, len(x))
		ll := chainGrad(&cs[k], w, ec, &p, g)
		parts[k].f, parts[k].g = -ll, g
	})
	f := 0.0
	grad := make([]float64, len(x))
	for _, pt := range parts {
		f += pt.f
		for j, v := range pt.g {
			grad[j] -= v
		}
	}
	// Weights and end costs: chain rule through sign and softplus, and the
	// penalty on the weights.
	for j := range nw + ne {
		d := softplus(x[j])
		if m.center != nil {
			d -= m.center[j]
		}
		f += lambda / 2 * d * d
		sign := -1.0 // an end cost's feature counts against it
		if j < nw {
			sign = m.sign[j]
		}
		grad[j] = grad[j]*sign*sigmoid(x[j]) + lambda*d*sigmoid(x[j])
	}
	// Structure scores: penalised only around a prior's values.
	if m.center != nil {
		for j := nw + ne; j < len(x); j++ {
			d := x[j] - m.center[j]
			f += lambda / 2 * d * d
			grad[j] += lambda * d
		}
	}
	return f, grad
}

// chainGrad adds to g the gradient of the chain's weighted log-likelihood
// (by signed weight, by end cost negated, and by structure score) and
// returns the likelihood.
func chainGrad(c *chain, w, ec []float64, p *rules.Structure, g []float64) float64 {
	n := len(c.label)
	if n == 0 {
		return 0
	}
	ev := make([]float64, n)
	cost := make([]float64, n)
	for i := range n {
		ev[i] = c.off[i]
		for _, j := range c.feats[i] {
			ev[i] += w[j]
		}
		for _, j := range c.ends[i] {
			cost[i] += ec[j]
		}
	}
	llC, gc := expectations(c, ev, cost, nil, p, true, len(w), len(ec), nil)
	llF, gf := expectations(c, ev, cost, nil, p, false, len(w), len(ec), nil)
	for j := range g {
		g[j] += c.weight * (gc[j] - gf[j])
	}
	return c.weight * (llC - llF)
}

// expectations runs forward-backward over the chain (constrained to its
// labels or not) and returns log Z and the expected counts of every
// parameter's feature: per weight, the lines in the article where its rule
// fired; per end rule, the lines in the article or an inset where it
// fired; per structure score, the times it applies. delta, if not nil, is
// added to each line's score in the article; pA, if not nil, receives each
// line's probability of being in the article. It works in probabilities
// scaled line by line (Rabiner's scaling), so that it takes one
// exponential per line and state.
func expectations(c *chain, ev, cost, delta []float64, p *rules.Structure, constrained bool, nw, ne int, pA []float64) (float64, []float64) {
	n := len(ev)
	const S = detect.NumStates
	vec := p.Vector()
	g := make([]float64, nw+ne+numStructure)
	if n == 0 {
		return 0, g
	}
	type emission struct {
		line int
		past bool
	}
	e := make([][S]float64, n)
	info := make([][S]emission, n)
	logZ := 0.0
	for i := range n {
		var raw [S]float64
		m := math.Inf(-1)
		for st := range S {
			raw[st] = math.Inf(-1)
			if detect.Allowed(st, i == 0, c.marker[i]) && (!constrained || agrees(st, c.label[i])) {
				var em emission
				raw[st], em.line, em.past = detect.Emit(p, st, ev[i], cost[i])
				if delta != nil && st == detect.StArticle {
					raw[st] += delta[i]
				}
				info[i][st] = em
				m = max(m, raw[st])
			}
		}
		if math.IsInf(m, -1) {
			return math.Inf(-1), g
		}
		for st := range S {
			e[i][st] = math.Exp(raw[st] - m)
		}
		logZ += m
	}
	// Transition factors, for a line that ends articles and for one that
	// does not (StLate begins only at the former), and their scores.
	var tf [2][S][S]float64
	var tk [S][S]int
	for a := range S {
		for b := range S {
			tk[a][b] = -1
			for mk := range 2 {
				k, ok := detect.Step(a, b, mk == 1)
				if !ok {
					continue
				}
				tf[mk][a][b] = 1
				if k >= 0 {
					tf[mk][a][b] = math.Exp(vec[k])
					tk[a][b] = k
				}
			}
		}
	}
	mk := func(i int) int {
		if c.marker[i] {
			return 1
		}
		return 0
	}
	alpha := make([][S]float64, n)
	scale := make([]float64, n)
	for i := range n {
		sum := 0.0
		for b := range S {
			v := 0.0
			if i == 0 {
				v = e[0][b]
			} else if e[i][b] != 0 {
				t := &tf[mk(i)]
				for a := range S {
					v += alpha[i-1][a] * t[a][b]
				}
				v *= e[i][b]
			}
			alpha[i][b] = v
			sum += v
		}
		if sum == 0 {
			return math.Inf(-1), g
		}
		for b := range S {
			alpha[i][b] /= sum
		}
		scale[i] = sum
		logZ += math.Log(sum)
	}
	beta := make([][S]float64, n)
	for st := range S {
		beta[n-1][st] = 1
	}
	for i := n - 2; i >= 0; i-- {
		t := &tf[mk(i+1)]
		for a := range S {
			v := 0.0
			for b := range S {
				v += t[a][b] * e[i+1][b] * beta[i+1][b]
			}
			beta[i][a] = v / scale[i+1]
		}
	}
	gs := g[nw+ne:]
	for i := range n {
		for st := range S {
			pm := alpha[i][st] * beta[i][st]
			if pA != nil && st == detect.StArticle {
				pA[i] = pm
			}
			if pm == 0 {
				continue
			}
			if st == detect.StArticle {
				for _, j := range c.feats[i] {
					g[j] += pm
				}
			}
			em := info[i][st]
			if em.line >= 0 {
				gs[em.line] += pm
			}
			if em.past {
				for _, j := range c.ends[i] {
					g[nw+int(j)] += pm
				}
			}
		}
		if i == 0 {
			continue
		}
		t := &tf[mk(i)]
		for a := range S {
			if alpha[i-1][a] == 0 {
				continue
			}
			for b := range S {
				if k := tk[a][b]; k >= 0 && t[a][b] != 0 {
					gs[k] += alpha[i-1][a] * t[a][b] * e[i][b] * beta[i][b] / scale[i]
				}
			}
		}
	}
	return logZ, g
}

// agrees reports whether state st agrees with a line's label.
func agrees(st detect.State, label int8) bool {
	switch label {
	case inside:
		return st == detect.StArticle
	case outside:
		return st != detect.StArticle
	}
	return true
}

func logSumExp(xs []float64) float64 {
	m := math.Inf(-1)
	for _, x := range xs {
		m = max(m, x)
	}
	if math.IsInf(m, -1) {
		return m
	}
	s := 0.0
	for _, x := range xs {
		s += math.Exp(x - m)
	}
	return m + math.Log(s)
}

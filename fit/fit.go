// Package fit learns the weights of a rule set, the end costs of its
// end-of-article rules and the scores of the decoder that finds the
// article, from pages with gold text (benchmark folders, or the line
// labels newslint serve saves).
//
// Every rule is a feature of a line: 1 when it fires, 0 when not. A line's
// score is the sum of the signed weights of the rules that fire on it (what
// `newslint explain` shows rule by rule), and the line is kept when the
// score is above 0. The detector scores a page in two passes: the first
// pass's rules see a line and its neighbours; the decoder reads the page
// as a sequence of hidden states (before the article, in it, in an inset,
// after it) from the first-pass scores (package detect); the second
// pass's rules also see that structure. The fit follows the same order:
//
//  1. The first-pass weights are the coefficients of a logistic regression
//     of "the gold keeps this line" on the first-pass rules that fire on
//     it, with an L2 penalty and each weight's sign fixed by its rule's
//     label (a noise rule never speaks for a line).
//  2. From there, the first-pass weights, the end costs and the decoder's
//     structure scores are fitted together by maximising the likelihood of
//     what the gold says under the decoder read as a conditional random
//     field (see crf.go).
//  3. The second-pass weights are a logistic regression again, with the
//     first-pass score as an offset and the structure decoded.
//  4. The structure scores and the second-pass weights are then moved, one
//     at a time and a step at a time, while the score the benchmarks give
//     (F1, computed from the lines' gold targets) improves: neither the
//     regression's nor the likelihood's loss is the benchmarks' F1.
//
// Title and meta rules, flag and document rules keep their weights, and
// lines a title or meta rule fires on (which clean never keeps as content)
// are left out. Package eval turns gold into line targets (eval.Target);
// CrossValidate fits on some sites and predicts the others.
package fit

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/eval"
	"github.com/newslint/newslint/rules"
)

// Options tune a fit.
type Options struct {
	// Lambda is the L2 penalty on the weights and end costs (0:
	// DefaultLambda).
	Lambda float64
	// PageWeight is what the lines of one page weigh together in the
	// regressions and the likelihood (0: DefaultPageWeight); every set of
	// pages weighs as much as another.
	PageWeight float64
	// Iterations bounds the likelihood's optimisation (0:
	// DefaultIterations).
	Iterations int
	// Sweeps bounds the final tuning's sweeps over the structure scores and
	// the second-pass weights (0: none).
	Sweeps int
	// Prior keeps the set's own weights, end costs and structure as the
	// fit's start and centres the penalty on them instead of on 0: a fit
	// on a few labelled pages then moves the rules only as far as the
	// labels ask. Without it the fit starts from the same values whatever
	// the set holds (and gives the same result for the same rules).
	Prior bool
	// Log, if not nil, receives progress.
	Log func(string)
}

// Defaults of Options.
const (
	DefaultLambda     = 1.0
	DefaultPageWeight = 10.0
	DefaultIterations = 500
	DefaultSweeps     = 3
)

// Model is what a fit learns: rule weights by rule id and the structure
// parameters.
type Model struct {
	Weights map[string]float64
	// EndCosts are the end-of-article rules' costs (rules.Rule.EndCost).
	EndCosts  map[string]float64
	Structure rules.Structure
}

// Fitted returns m as what rules.RewriteOverlay writes into a rules file.
func (m Model) Fitted() rules.Fitted {
	return rules.Fitted{Weights: m.Weights, EndCosts: m.EndCosts, Structure: m.Structure}
}

// Apply returns a copy of set with m's weights and structure.
func (m Model) Apply(set *rules.Set) (*rules.Set, error) {
	out, err := set.WithWeights(m.Weights)
	if err != nil {
		return nil, err
	}
	for id, c := range m.EndCosts {
		r := out.Rule(id)
		if r == nil {
			return nil, fmt.Errorf("no rule %q", id)
		}
		r.EndCost, r.EndsArticle = c, true
	}
	out.Settings.Structure = m.Structure
	return out, nil
}

// Fit learns the weights of set's scoring rules, the end costs of its
// end-of-article rules and the scores of its structure decoder from exs;
// set is left unchanged.
func Fit(set *rules.Set, exs []*Example, opt Options) (Model, error) {
	if opt.Lambda == 0 {
		opt.Lambda = DefaultLambda
	}
	if opt.PageWeight == 0 {
		opt.PageWeight = DefaultPageWeight
	}
	if opt.Iterations == 0 {
		opt.Iterations = DefaultIterations
	}
	logging := opt.Log != nil
	if !logging {
		opt.Log = func(string) {}
	}
	t := newTrainer(set, exs, opt.Prior)
	// score is the objective of the current values, for the log only.
	score := func() float64 {
		if !logging {
			return 0
		}
		return t.objective(t.decideAll())
	}
	// 1. The first pass's regression: each line on its own.
	pb, feats := t.problem(nil, false, opt)
	t.solve(pb, feats)
	opt.Log(fmt.Sprintf("first pass: %d rules on %d lines; score %.4f", len(feats), len(pb.y), score()))
	// 2. The decoder's likelihood: first-pass weights, end costs and
	// structure together.
	if err := t.fitCRF(opt); err != nil {
		return Model{}, err
	}
	runs := t.decideAll()
	opt.Log(fmt.Sprintf("decoder: score %.4f", t.objective(runs)))
	// 3. The second pass's regression, the structure decoded.
	pb, feats = t.problem(runs, true, opt)
	t.solve(pb, feats)
	opt.Log(fmt.Sprintf("second pass: %d rules; score %.4f", len(feats), score()))
	// 4. Tuning on the benchmark score.
	if opt.Sweeps > 0 {
		ps := structureParams()
		for _, r := range t.set.Rules {
			if fittable(r) && r.Structural() {
				ps = append(ps, weightParam(r))
			}
		}
		opt.Log(fmt.Sprintf("tuned: score %.4f", t.tune(ps, opt.Sweeps, opt.Log)))
	}
	return t.model(), nil
}

// model returns the trainer's current weights, end costs and structure.
func (t *trainer) model() Model {
	m := Model{Weights: map[string]float64{}, EndCosts: map[string]float64{}, Structure: t.set.Settings.Structure}
	for _, r := range t.set.Rules {
		if fittable(r) {
			m.Weights[r.ID] = r.Weight
		}
		if r.EndsArticle {
			m.EndCosts[r.ID] = r.EndCost
		}
	}
	return m
}

// trainer holds the examples prepared with a private copy of the rule set,
// whose weights and structure it changes in place.
type trainer struct {
	prior bool // the penalty is centred on the starting values
	// start and startEnd are the rules' weights and end costs when the fit
	// began (the penalty's centre with a prior).
	start, startEnd map[*rules.Rule]float64
	// sets are the benchmark sets' names; setIndex the index of each, and
	// setPages the number of pages of each that the objective counts.
	sets     []string
	setIndex map[string]int
	setPages []int
	// pageWeight is what each example weighs in the fit: every set of
	// pages as much as another, every page of a set as much as another.
	pageWeight []float64
	set        *rules.Set
	exs        []*Example
	preps      []*detect.Prepared
	order      map[*rules.Rule]int
}

// startSet returns a copy of set with the values a fit without a prior
// starts from: every fitted weight 1, the default end costs and structure.
// The fit starts from the same values whatever the set holds, so that it
// gives the same result for the same rules and pages: fitting a set
// fitted before reproduces it.
func startSet(set *rules.Set) *rules.Set {
	own, _ := set.WithWeights(nil)
	for _, r := range own.Rules {
		if fittable(r) {
			r.Weight = 1
		}
		if r.EndsArticle {
			r.EndCost = rules.DefaultEndCost
		}
	}
	own.Settings.Structure = rules.DefaultStructure
	return own
}

func newTrainer(set *rules.Set, exs []*Example, prior bool) *trainer {
	own := startSet(set)
	if prior {
		own, _ = set.WithWeights(nil)
	}
	t := &trainer{set: own, exs: exs, prior: prior, preps: make([]*detect.Prepared, len(exs)), order: map[*rules.Rule]int{}}
	for i, r := range own.Rules {
		t.order[r] = i
	}
	perSet := map[string]int{}
	t.setIndex = map[string]int{}
	for k, ex := range exs {
		perSet[ex.Set]++
		if _, ok := t.setIndex[ex.Set]; !ok {
			t.setIndex[ex.Set] = len(t.sets)
			t.sets = append(t.sets, ex.Set)
			t.setPages = append(t.setPages, 0)
		}
		if t.counts(k) {
			t.setPages[t.setIndex[ex.Set]]++
		}
	}
	t.pageWeight = make([]float64, len(exs))
	for k, ex := range exs {
		t.pageWeight[k] = float64(len(exs)) / float64(len(perSet)) / float64(perSet[ex.Set])
	}
	t.start, t.startEnd = map[*rules.Rule]float64{}, map[*rules.Rule]float64{}
	for _, r := range own.Rules {
		t.start[r] = r.Weight
		if r.EndsArticle {
			t.startEnd[r] = r.EndCost
		}
	}
	eng := detect.New(own)
	parallel(len(exs), func(k int) { t.preps[k] = eng.Prepare(exs[k].Page, detect.Options{}) })
	return t
}

// counts reports whether example k counts in the objective: a page of a
// set without page types, or an article page.
func (t *trainer) counts(k int) bool {
	return t.exs[k].Type == "" || t.exs[k].Type == "article"
}

// parallel calls fn(0) … fn(n-1) on every CPU.
func parallel(n int, fn func(k int)) {
	var wg sync.WaitGroup
	ch := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range ch {
				fn(k)
			}
		}()
	}
	for k := range n {
		ch <- k
	}
	close(ch)
	wg.Wait()
}

// decideAll decides every prepared page with the current weights.
func (t *trainer) decideAll() []*detect.Result {
	out := make([]*detect.Result, len(t.preps))
	parallel(len(t.preps), func(k int) { out[k] = t.preps[k].Decide() })
	return out
}

// solve solves pb from the rules' current weights and sets the weights it
// finds.
func (t *trainer) solve(pb *problem, feats []*rules.Rule) {
	beta := make([]float64, len(feats))
	for j, r := range feats {
		beta[j] = r.Sign() * r.Weight
	}
	pb.solve(beta)
	for j, r := range feats {
		r.Weight = math.Abs(beta[j])
	}
}

// fittable reports whether r's weight is learned: an enabled line rule
// not marked fit: false
// that scores (not a flag or document rule) and speaks for content or
// noise (title and meta rules pick a label, they are not evidence of the
// article).
func fittable(r *rules.Rule) bool {
	return !r.Disabled && !r.Fixed && r.Kind != rules.Document && r.Effect != rules.Flag &&
		(r.Label == rules.Noise || r.Label == rules.Content)
}

// problem turns the examples into a regression problem over the fittable
// rules of one pass. For the first pass (structural false, runs nil) the
// lines are the prepared pages' lines with their first-pass hits, and the
// offset the score of the first-pass rules that are not fitted; for the
// second pass the lines are those of runs, and the offset the score of
// every hit but those of the fitted second-pass rules. It returns the
// problem and its features' rules, in set order.
func (t *trainer) problem(runs []*detect.Result, structural bool, opt Options) (*problem, []*rules.Rule) {
	return t.problemOf(runs, func(r *rules.Rule) bool { return r.Structural() == structural }, structural, opt)
}

// problemOf is problem with the fitted rules those that fit picks among
// the fittable ones; withStructural adds the other second-pass rules to
// the offset.
func (t *trainer) problemOf(runs []*detect.Result, pick func(*rules.Rule) bool, withStructural bool, opt Options) (*problem, []*rules.Rule) {
	structural := withStructural
	type line struct {
		y, w, off float64
		rs        []*rules.Rule
	}
	var lines []line
	used := map[*rules.Rule]bool{}
	for k, ex := range t.exs {
		var res *detect.Result
		if runs != nil {
			res = runs[k]
		} else {
			res = t.preps[k].FirstPass()
		}
		total := 0.0
		for _, v := range res.Verdicts {
			total += ex.Targets[v.Num-1].Weight
		}
		if total == 0 {
			continue
		}
		scale := t.pageWeight[k] / total
	verdicts:
		for _, v := range res.Verdicts {
			tg := ex.Targets[v.Num-1]
			if tg.Weight == 0 {
				continue
			}
			l := line{y: tg.Content, w: tg.Weight * scale}
			for _, h := range v.Hits {
				switch {
				case h.Rule.Label == rules.Title || h.Rule.Label == rules.Meta:
					continue verdicts // clean keeps it as title or meta, or drops it
				case pick(h.Rule) && fittable(h.Rule):
					l.rs = append(l.rs, h.Rule)
					used[h.Rule] = true
				case structural || !h.Rule.Structural():
					l.off += h.Delta
				}
			}
			lines = append(lines, l)
		}
	}
	feats := make([]*rules.Rule, 0, len(used))
	for r := range used {
		feats = append(feats, r)
	}
	sort.Slice(feats, func(a, b int) bool { return t.order[feats[a]] < t.order[feats[b]] })
	col := make(map[*rules.Rule]int, len(feats))
	for j, r := range feats {
		col[r] = j
	}
	pb := &problem{
		y: make([]float64, len(lines)), w: make([]float64, len(lines)), off: make([]float64, len(lines)),
		cols: make([][]int32, len(feats)),
		lo:   make([]float64, len(feats)), hi: make([]float64, len(feats)), lambda: make([]float64, len(feats)),
	}
	for i, l := range lines {
		pb.y[i], pb.w[i], pb.off[i] = l.y, l.w, l.off
		for _, r := range l.rs {
			pb.cols[col[r]] = append(pb.cols[col[r]], int32(i))
		}
	}
	for j, r := range feats {
		if r.Label == rules.Noise {
			pb.lo[j] = math.Inf(-1)
		} else {
			pb.hi[j] = math.Inf(1)
		}
		pb.lambda[j] = opt.Lambda
	}
	if t.prior {
		pb.center = make([]float64, len(feats))
		for j, r := range feats {
			pb.center[j] = r.Sign() * t.start[r]
		}
	}
	return pb, feats
}

// pageStat is what a page's decided lines get right and wrong by its gold
// targets (see lineScore), and the second-pass rules that fired on it.
type pageStat struct {
	tp, fp, fn float64
	fired      []*rules.Rule
}

// statOf computes the stat of example k from its decided result.
func (t *trainer) statOf(k int, res *detect.Result) pageStat {
	var st pageStat
	st.tp, st.fp, st.fn = lineScore(t.exs[k], res)
	seen := map[*rules.Rule]bool{}
	for _, v := range res.Verdicts {
		for _, h := range v.Hits {
			if h.Rule.Structural() && !seen[h.Rule] {
				seen[h.Rule] = true
				st.fired = append(st.fired, h.Rule)
			}
		}
	}
	return st
}

// objective is the benchmarks' score of the pages as decided in runs
// (see objectiveOf).
func (t *trainer) objective(runs []*detect.Result) float64 {
	stats := make([]pageStat, len(runs))
	for k, res := range runs {
		stats[k] = t.statOf(k, res)
	}
	return t.objectiveOf(stats)
}

// objectiveOf is the benchmarks' score of the pages with the given stats,
// computed from the lines' gold targets: the mean over the benchmark sets
// of each set's F1 (macro for full-text gold, micro otherwise, as the
// benchmarks score), over the article pages of sets that give page types.
func (t *trainer) objectiveOf(stats []pageStat) float64 {
	type acc struct {
		m                  eval.Method
		tp, fp, fn, sp, sr float64
		pages              int
	}
	sets := map[string]*acc{}
	var names []string
	for k, ex := range t.exs {
		if ex.Type != "" && ex.Type != "article" {
			continue
		}
		a := sets[ex.Set]
		if a == nil {
			a = &acc{m: ex.Method}
			sets[ex.Set] = a
			names = append(names, ex.Set)
		}
		tp, fp, fn := stats[k].tp, stats[k].fp, stats[k].fn
		a.pages++
		if ex.Method == eval.Shingles {
			if s := tp + fp + fn; s > 0 {
				tp, fp, fn = tp/s, fp/s, fn/s
			}
			p, r := eval.PageRatios(tp, fp, fn)
			a.sp += p
			a.sr += r
			continue
		}
		a.tp += tp
		a.fp += fp
		a.fn += fn
	}
	sum := 0.0
	for _, n := range names {
		a := sets[n]
		var p, r float64
		if a.m == eval.Shingles {
			p, r = a.sp/float64(a.pages), a.sr/float64(a.pages)
		} else {
			p, r = eval.PageRatios(a.tp, a.fp, a.fn)
		}
		if p+r > 0 {
			sum += 2 * p * r / (p + r)
		}
	}
	if len(names) == 0 {
		return 0
	}
	return sum / float64(len(names))
}

// lineScore counts what the kept lines of res get right and wrong by the
// gold targets of ex: each line's weight times its content share (tp when
// kept, fn when dropped) and times its noise share (fp when kept).
func lineScore(ex *Example, res *detect.Result) (tp, fp, fn float64) {
	for _, v := range res.Verdicts {
		tg := ex.Targets[v.Num-1]
		if tg.Weight == 0 {
			continue
		}
		if v.Label == rules.Content {
			tp += tg.Weight * tg.Content
			fp += tg.Weight * (1 - tg.Content)
		} else {
			fn += tg.Weight * tg.Content
		}
	}
	return tp, fp, fn
}

// param is one number of the trainer's rule set that tuning moves: a
// structure parameter or a rule's weight, with its step and bounds. rule
// is the rule whose weight it is, nil for a structure parameter (which
// every page depends on).
type param struct {
	name   string
	at     func(*rules.Set) *float64
	step   float64
	lo, hi float64
	rule   *rules.Rule
}

// structureParams are the structure scores tuning moves.
func structureParams() []param {
	var out []param
	inf := math.Inf(1)
	for k, name := range rules.StructureNames {
		out = append(out, param{name, func(s *rules.Set) *float64 { return structureField(&s.Settings.Structure, k) }, 0.5, -inf, inf, nil})
	}
	return out
}

// structureField returns a pointer to the k-th structure score.
func structureField(p *rules.Structure, k int) *float64 {
	return [...]*float64{&p.Article, &p.Start, &p.LateStart, &p.InsetOpen, &p.InsetLine, &p.InsetClose,
		&p.End, &p.InsetEnd}[k]
}

// weightParam is the weight of rule r, as tuning moves it.
func weightParam(r *rules.Rule) param {
	return param{r.ID, func(*rules.Set) *float64 { return &r.Weight }, 0.25, 0, math.Inf(1), r}
}

// pagesOf returns the examples that a change of p can change: for a
// first-pass rule, the pages it fires on; for a second-pass rule, the pages
// it fired on when last decided (its weight changes no decoding); for a
// structure parameter, every page.
func (t *trainer) pagesOf(p param, stats []pageStat) []int {
	var out []int
	for k := range t.exs {
		switch {
		case p.rule == nil:
			out = append(out, k)
		case p.rule.Structural():
			if slices.Contains(stats[k].fired, p.rule) {
				out = append(out, k)
			}
		case t.preps[k].Fires(p.rule):
			out = append(out, k)
		}
	}
	return out
}

// tune moves the parameters ps one at a time, a step up or down while the
// objective improves, until no step improves it (or rounds sweeps), and
// returns the objective. Only the pages a parameter can change are decided
// again.
func (t *trainer) tune(ps []param, rounds int, log func(string)) float64 {
	runs := t.decideAll()
	stats := make([]pageStat, len(runs))
	for k, res := range runs {
		stats[k] = t.statOf(k, res)
	}
	best := t.objectiveOf(stats)
	try := make([]pageStat, len(stats))
	for sweep := 0; sweep < rounds; sweep++ {
		improved := false
		for _, p := range ps {
			v := p.at(t.set)
			pages := t.pagesOf(p, stats)
			if len(pages) == 0 {
				continue
			}
			for _, dir := range []float64{1, -1} {
				for {
					old := *v
					nv := old + dir*p.step
					if nv < p.lo || nv > p.hi {
						break
					}
					*v = nv
					copy(try, stats)
					parallel(len(pages), func(i int) {
						k := pages[i]
						try[k] = t.statOf(k, t.preps[k].Decide())
					})
					if o := t.objectiveOf(try); o > best+1e-5 {
						best, improved = o, true
						copy(stats, try)
						log(fmt.Sprintf("  %s %.2f: %.4f", p.name, nv, best))
						continue
					}
					*v = old
					break
				}
			}
		}
		if !improved {
			break
		}
	}
	return best
}

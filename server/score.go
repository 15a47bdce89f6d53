package server

import (
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/rules"
)

// snapshot is the whole corpus scored with one version of the rules file.
type snapshot struct {
	text   []byte // the rules file as scored
	set    *rules.Set
	engine *detect.Engine
	pages  []*report.Page // aligned with corpus.docs
	// hits counts, per rule id, the lines the rule fired on.
	hits map[string]int
	// took is how long scoring the corpus took (parse excluded).
	took time.Duration
}

// score runs the rule set over every page of c on workers goroutines.
func score(c *memCorpus, text []byte, set *rules.Set, workers int) *snapshot {
	start := time.Now()
	s := &snapshot{text: text, set: set, engine: detect.New(set), pages: make([]*report.Page, len(c.docs))}
	gate := report.GateFrom(set.Settings)
	parallel(len(c.docs), workers, func(i int) {
		s.pages[i] = report.NewPage(s.engine.Run(c.docs[i].Page, c.options(i, set)), gate)
	})
	s.hits = map[string]int{}
	for _, p := range s.pages {
		countHits(s.hits, p, 1)
	}
	s.took = time.Since(start)
	return s
}

// rescore scores the corpus with set after an edit of the rules that gave
// before, re-scoring only the pages the edit can change.
//
// A page can change only if a rule that changed (by fingerprint, or was
// added or removed) fires on one of its lines before or after the edit:
// otherwise every line has the same hits, hence the same scores, structure
// and verdicts. Where a rule fires depends on the line, its neighbours and
// the page structure, which comes from the first-pass rules alone; not on
// the rule's weight, label or category. So, when the settings and the order
// of the rules are as before:
//
//   - a changed rule that still matches as before (same kind, patterns,
//     phrases, conditions, languages), or is now disabled or removed, can
//     change only the pages where it fired before;
//   - a first-pass rule that is new or matches differently fires after the
//     edit where an engine holding only the changed first-pass rules finds
//     it firing (their firing depends on no other rule);
//   - a second-pass rule that is new or matches differently could fire
//     anywhere: every page is re-scored, as after any other edit.
func rescore(c *memCorpus, before *snapshot, text []byte, set *rules.Set, workers int) *snapshot {
	if before == nil || !sameShape(before.set, set) {
		return score(c, text, set, workers)
	}
	changed := changedRules(before.set, set)
	var probe []*rules.Rule
	for id := range changed {
		old, now := before.set.Rule(id), set.Rule(id)
		if (old != nil && old.Kind == rules.Document) || (now != nil && now.Kind == rules.Document) {
			// Document rules look at the labels of the whole page.
			return score(c, text, set, workers)
		}
		if now == nil || now.Disabled || (old != nil && !old.Disabled && matchKey(old) == matchKey(now) && old.Structural() == now.Structural()) {
			continue // fires where it fired before, or nowhere
		}
		if now.Structural() {
			return score(c, text, set, workers)
		}
		probe = append(probe, now)
	}
	start := time.Now()
	s := &snapshot{text: text, set: set, engine: detect.New(set), pages: make([]*report.Page, len(c.docs))}
	var probeEngine *detect.Engine
	if len(probe) > 0 {
		probeEngine = detect.New(&rules.Set{Rules: probe, Settings: set.Settings})
	}
	gate := report.GateFrom(set.Settings)
	redo := make([]bool, len(c.docs))
	parallel(len(c.docs), workers, func(i int) {
		opt := c.options(i, set)
		if firesAny(before.pages[i], changed) || (probeEngine != nil && c.docs[i].mayFire(probe) && hasHits(probeEngine.Run(c.docs[i].Page, opt))) {
			redo[i] = true
			s.pages[i] = report.NewPage(s.engine.Run(c.docs[i].Page, opt), gate)
		} else {
			s.pages[i] = before.pages[i]
		}
	})
	s.hits = maps.Clone(before.hits)
	for i, r := range redo {
		if r {
			countHits(s.hits, before.pages[i], -1)
			countHits(s.hits, s.pages[i], 1)
		}
	}
	for id, n := range s.hits {
		if n == 0 {
			delete(s.hits, id)
		}
	}
	s.took = time.Since(start)
	return s
}

// mayFire reports whether one of rs can fire on a line of d.
func (d *doc) mayFire(rs []*rules.Rule) bool {
	for _, r := range rs {
		if d.text.mayFire(r) {
			return true
		}
	}
	return false
}

// sameShape reports whether two rule sets have the same settings and their
// common rules in the same order, so that rule hits are listed in the same
// order and ties between rules are broken alike.
func sameShape(a, b *rules.Set) bool {
	if fmt.Sprintf("%+v", a.Settings) != fmt.Sprintf("%+v", b.Settings) {
		return false
	}
	var ia, ib []string
	for _, r := range a.Rules {
		if b.Rule(r.ID) != nil {
			ia = append(ia, r.ID)
		}
	}
	for _, r := range b.Rules {
		if a.Rule(r.ID) != nil {
			ib = append(ib, r.ID)
		}
	}
	return slices.Equal(ia, ib)
}

// firesAny reports whether any rule in ids fired on a line of p, as a
// scoring rule or a flag.
func firesAny(p *report.Page, ids map[string]bool) bool {
	for i := range p.Result.Verdicts {
		v := &p.Result.Verdicts[i]
		for _, h := range v.Hits {
			if ids[h.Rule.ID] {
				return true
			}
		}
		for _, r := range v.Flags {
			if ids[r.ID] {
				return true
			}
		}
	}
	return false
}

// hasHits reports whether any rule fired on a line of res.
func hasHits(res *detect.Result) bool {
	for i := range res.Verdicts {
		if len(res.Verdicts[i].Hits) > 0 || len(res.Verdicts[i].Flags) > 0 {
			return true
		}
	}
	return false
}

// countHits adds sign times the lines each rule fired on in p to m.
func countHits(m map[string]int, p *report.Page, sign int) {
	for i := range p.Result.Verdicts {
		v := &p.Result.Verdicts[i]
		for _, h := range v.Hits {
			m[h.Rule.ID] += sign
		}
		for _, r := range v.Flags {
			m[r.ID] += sign
		}
	}
}

// parallel calls fn(i) for i in [0, n) on workers goroutines (one per CPU
// for 0).
func parallel(n, workers int, fn func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}

// Problem is an error or warning in the rules file, at a line when known.
type Problem struct {
	Line     int    `json:"line"` // 1-based; 0 when the problem has no position
	Col      int    `json:"col"`
	Rule     string `json:"rule,omitempty"`
	Message  string `json:"message"`
	Severity string `json:"severity"` // "error" or "warning"
	// InDefaults is true when the position is in the built-in rules, not in
	// the file being edited.
	InDefaults bool `json:"inDefaults,omitempty"`
}

// problems turns a rules.Parse error into one Problem per decode error.
func problems(err error, name string) []Problem {
	var out []Problem
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var de *rules.DecodeError
		if errors.As(err, &de) {
			p := Problem{Line: de.Pos.Line, Col: de.Pos.Col, Rule: de.Rule, Message: de.Msg, Severity: "error"}
			if de.Pos.File != name {
				p.InDefaults = true
				p.Line, p.Col = 0, 0
				p.Message = de.Error()
			}
			out = append(out, p)
			return
		}
		out = append(out, Problem{Message: err.Error(), Severity: "error"})
	}
	walk(err)
	return out
}

// exampleProblems reports the failing examples of rules defined or changed
// in the file being edited as warnings at the rule's line, and those of the
// built-in rules without a line.
func exampleProblems(fails []detect.ExampleFailure, name string) []Problem {
	var out []Problem
	for _, f := range fails {
		verb := "example must match but does not: "
		if !f.Want {
			verb = "example must not match but does: "
		}
		p := Problem{Rule: f.Rule.ID, Message: verb + f.Example, Severity: "warning"}
		if f.Rule.Pos.File == name {
			p.Line, p.Col = f.Rule.Pos.Line, f.Rule.Pos.Col
		} else {
			p.InDefaults = true
		}
		out = append(out, p)
	}
	return out
}

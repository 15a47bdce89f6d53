package server

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/newslint/newslint/eval"
	"github.com/newslint/newslint/fit"
	"github.com/newslint/newslint/rules"
)

// Fit options for a user's labels: the penalty is centred on the rules'
// own values (fit.Options.Prior) and strong, so that a few labelled lines
// move the weights only as far as they ask; one sweep of the tuning and a
// bounded optimisation keep a fit of a few hundred labelled pages to
// seconds.
const (
	fitLambda     = 10
	fitSweeps     = 1
	fitIterations = 100
	// maxFitPages bounds the labelled pages a fit reads: past it, the pages
	// with the most labelled lines.
	maxFitPages = 200
)

// FitResult is what fitting the rules to the labels did: the rules file
// with the fitted values, applied, and what that changed.
type FitResult struct {
	Text    string     `json:"text"`
	Changes *Changes   `json:"changes"`
	Timing  Timing     `json:"timing"`
	FitMS   float64    `json:"fitMs"`
	Before  LabelScore `json:"before"` // the labels' score with the rules fitted from
	After   LabelScore `json:"after"`
	Lines   int        `json:"lines"`   // labelled lines fitted on
	Pages   int        `json:"pages"`   // pages they are on
	Skipped int        `json:"skipped"` // labelled pages left out (maxFitPages)
	Moved   []FitMove  `json:"moved"`
	// Labelled are the labelled lines whose verdict the fit changed; the
	// flips of every line are in Changes.
	Labelled []LabelledFlip `json:"labelled"`
}

// LabelledFlip is a labelled line whose verdict a fit changed.
type LabelledFlip struct {
	Page   string `json:"page"`
	Line   int    `json:"line"`
	Text   string `json:"text"`
	Label  string `json:"label"`  // the label given: content or noise
	Before string `json:"before"` // content, title, meta or noise:<category>
	After  string `json:"after"`
	// Agrees is whether the line is now kept (or dropped) as labelled, and
	// Agreed whether it was before.
	Agrees bool `json:"agrees"`
	Agreed bool `json:"agreed"`
}

// FitMove is a value the fit moved by more than the rounding of a rules
// file.
type FitMove struct {
	Name   string  `json:"name"` // the rule id, or the structure score's name
	What   string  `json:"what"` // "weight", "end cost" or "structure"
	Before float64 `json:"before"`
	After  float64 `json:"after"`
}

// errFit is a fit that cannot be made as asked (the message says why).
var errFit = errors.New("cannot fit")

// errBusy is returned while another fit or an apply made during the fit
// is in the way.
var errBusy = errors.New("busy")

// Fit fits the weights, end costs and structure scores of the rules in
// text (the editor's rules file) to the labelled lines, writes them into
// text (rules.RewriteOverlay: only what moved; override entries for the
// built-in rules) and applies the result as Apply does, so that the
// changes against base show what the fit flips. Text that differs from
// the rules applied is applied first, so that the fit starts from it and
// its changes are the fit's alone. Problems are the rules file's errors.
// The fit runs without holding the server: pages and labels are read
// first, and a fit finished after another apply is refused (errBusy).
func (s *Server) Fit(text []byte, base string) (*FitResult, []Problem, error) {
	if !s.fitting.TryLock() {
		return nil, nil, fmt.Errorf("%w: a fit is already running", errBusy)
	}
	defer s.fitting.Unlock()

	s.mu.Lock()
	if s.cur == nil || s.cur.text == nil || !bytes.Equal(s.cur.text, text) {
		if _, probs, _ := s.apply(text, base); probs != nil {
			s.mu.Unlock()
			return nil, probs, nil
		}
	}
	from := s.cur
	res := &FitResult{Before: scoreLabels(s.corpus, from, s.labels)}
	data := s.labels.bytes()
	s.mu.Unlock()

	gold, err := eval.ParseLabels(data, s.cfg.LabelsPath)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", errFit, err)
	}
	exs, err := s.labelledExamples(gold, res)
	if err != nil {
		return nil, nil, err
	}
	start := time.Now()
	m, err := fit.Fit(from.set, exs, fit.Options{Prior: true, Lambda: fitLambda, Sweeps: fitSweeps, Iterations: fitIterations})
	if err != nil {
		return nil, nil, fmt.Errorf("fitting the rules: %w", err)
	}
	res.FitMS = ms(time.Since(start))
	newText, err := rules.RewriteOverlay(text, s.cfg.RulesPath, m.Fitted(), from.set)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", errFit, err)
	}
	res.Text = string(newText)
	res.Moved = moves(from.set, m)

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur != from {
		return nil, nil, fmt.Errorf("%w: the rules were applied again during the fit: fit again", errBusy)
	}
	ch, probs, tm := s.apply(newText, base)
	if probs != nil {
		// The rewrite checks that the file still reads; a rule set that
		// does not build from it is a bug.
		return nil, nil, fmt.Errorf("the fitted rules do not load: %s", probs[0].Message)
	}
	res.Changes, res.Timing = ch, tm
	res.After = scoreLabels(s.corpus, s.cur, s.labels)
	res.Labelled = labelledFlips(s.corpus, from, s.cur, s.labels)
	return res, nil, nil
}

// labelledFlips lists the labelled lines whose verdict differs between
// two scorings of the corpus, in corpus and line order.
func labelledFlips(c *memCorpus, before, after *snapshot, lf *labelFile) []LabelledFlip {
	var out []LabelledFlip
	for i, d := range c.docs {
		bvs, avs := before.pages[i].Result.Verdicts, after.pages[i].Result.Verdicts
		labels := labelsByLine(lf, d, avs)
		if len(labels) == 0 || len(bvs) != len(avs) {
			continue
		}
		for j := range avs {
			b, a := &bvs[j], &avs[j]
			label, ok := labels[a.Num]
			bn, an := verdictName(b), verdictName(a)
			if !ok || bn == an {
				continue
			}
			content := label == "content"
			out = append(out, LabelledFlip{Page: d.ID, Line: a.Num, Text: a.Text, Label: label, Before: bn, After: an,
				Agreed: keptLabel(before.set, b.Label) == content, Agrees: keptLabel(after.set, a.Label) == content})
		}
	}
	return out
}

// labelledExamples returns the pages of the corpus that gold labels, as
// examples to fit on (the site is the page's group), at most maxFitPages
// of them (those with the most labelled lines), and counts the lines and
// pages in res. It refuses labels that give the fit nothing to learn.
func (s *Server) labelledExamples(gold *eval.Gold, res *FitResult) ([]*fit.Example, error) {
	type cand struct {
		ex    *fit.Example
		lines int
	}
	var cands []cand
	var content, noise, labels int
	for _, d := range s.corpus.docs {
		ex, ok := fit.NewExample("labels", d.ID, d.Group, d.Page, gold)
		if !ok {
			continue
		}
		n := 0
		for _, t := range ex.Targets {
			if t.Weight == 0 {
				continue
			}
			n++
			if t.Content > 0.5 {
				content++
			} else {
				noise++
			}
		}
		labels += n
		if n > 0 {
			cands = append(cands, cand{ex, n})
		}
	}
	switch {
	case labels == 0 && len(gold.IDs()) == 0:
		return nil, fmt.Errorf("%w: no line is labelled: select lines of a page and label them content (c) or noise (n), then fit", errFit)
	case labels == 0:
		return nil, fmt.Errorf("%w: no labelled line matches a line of the corpus (the labels are stale)", errFit)
	case content == 0 || noise == 0:
		only := "content"
		if content == 0 {
			only = "noise"
		}
		return nil, fmt.Errorf("%w: all %d labelled lines are %s: label lines of both kinds, content and noise, so that the fit has something to learn", errFit, labels, only)
	}
	if len(cands) > maxFitPages {
		sort.SliceStable(cands, func(i, j int) bool { return cands[i].lines > cands[j].lines })
		for _, c := range cands[maxFitPages:] {
			res.Skipped++
			labels -= c.lines
		}
		cands = cands[:maxFitPages]
	}
	exs := make([]*fit.Example, len(cands))
	for i, c := range cands {
		exs[i] = c.ex
	}
	res.Lines, res.Pages = labels, len(exs)
	return exs, nil
}

// moves lists what m changes in set by more than the rounding of a rules
// file, the largest change first.
func moves(set *rules.Set, m fit.Model) []FitMove {
	var out []FitMove
	add := func(name, what string, before, after float64) {
		if round3(before) != round3(after) {
			out = append(out, FitMove{Name: name, What: what, Before: round3(before), After: round3(after)})
		}
	}
	for _, r := range set.Rules {
		if w, ok := m.Weights[r.ID]; ok {
			add(r.ID, "weight", r.Weight, w)
		}
		if c, ok := m.EndCosts[r.ID]; ok {
			add(r.ID, "end cost", r.EndCost, c)
		}
	}
	was, now := set.Settings.Structure.Vector(), m.Structure.Vector()
	for k, name := range rules.StructureNames {
		add(name, "structure", was[k], now[k])
	}
	sort.SliceStable(out, func(i, j int) bool {
		return math.Abs(out[i].After-out[i].Before) > math.Abs(out[j].After-out[j].Before)
	})
	return out
}

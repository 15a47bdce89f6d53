package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/newslint/newslint/clean"
	"github.com/newslint/newslint/compression"
	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/eval"
	"github.com/newslint/newslint/fit"
	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/rules"
	"github.com/newslint/newslint/runner"
)

const evalSynopsis = `[flags] [--gold GOLD] [PATH...]

Scores text against human gold text. GOLD is a directory of <id>.txt (full
article text, scored by 4-gram shingles) and/or <id>.json (snippets that must
or must not appear), or a labels .jsonl file (see eval/FORMATS.md). A
benchmark folder holding gold/ and innertext/ (like ../shared/bench/*) can be
given as the only PATH. What is scored: newslint's own cleaned output of PATH
(pages keyed by file name without extension), or --output DIR (another tool's
<id>.txt files), or --reference FILE (a peer's JSON, {"output": {id: {"text"}}}).`

func runEval(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	var c common
	c.register(fs)
	gold := fs.String("gold", "", "gold directory or labels file (default: PATH/gold for a benchmark folder)")
	output := fs.String("output", "", "score this directory of <id>.txt files instead of running newslint")
	reference := fs.String("reference", "", "score this peer reference JSON instead of running newslint")
	keepFlag := fs.String("keep", "", "labels newslint keeps in the scored text (default: content for gold text and snippets, the rules' keep setting for a labels file)")
	worst := fs.Int("worst", 0, "list the N worst pages with what they missed and kept")
	costs := fs.Int("costs", 0, "list the N rules behind the most dropped content and kept noise")
	pages := fs.String("pages", "innertext", "for a benchmark folder: the subfolder of pages to score (innertext or html; with --cv also both)")
	cv := fs.Int("cv", 0, "cross-validate by site: for each of K folds of the benchmark folders' sites, fit on the other folds' pages (as newslint fit does) and score the fold's; report it beside the fit on all pages")
	if code, ok := parseFlags(fs, args, stderr, evalSynopsis); !ok {
		return code
	}
	paths := fs.Args()
	if *cv != 0 {
		return c.crossValidate(paths, *cv, *pages, stdout, stderr)
	}
	if *gold == "" && len(paths) == 1 {
		if st, err := os.Stat(filepath.Join(paths[0], "gold")); err == nil && st.IsDir() {
			*gold = filepath.Join(paths[0], "gold")
			if *output == "" && *reference == "" {
				paths = []string{filepath.Join(paths[0], *pages)}
			}
		}
	}
	if *gold == "" {
		fmt.Fprintln(stderr, "newslint eval: no --gold given (or a benchmark folder with gold/ as the only PATH)")
		return exitError
	}
	g, err := eval.LoadGold(*gold)
	if err != nil {
		return fail(stderr, err)
	}
	var pred map[string]string
	results := map[string]*detect.Result{}
	switch {
	case *output != "":
		pred, err = eval.LoadOutputDir(*output)
	case *reference != "":
		pred, err = eval.LoadReference(*reference)
	default:
		if len(paths) == 0 {
			fmt.Fprintln(stderr, "newslint eval: nothing to score: give PATHs, --output or --reference")
			return exitError
		}
		keep := *keepFlag
		if keep == "" {
			keep = "content" // the body text the benchmarks score
			if slices.Contains(g.Methods(), eval.Labels) {
				keep = "" // labels judge lines as clean keeps them
			}
		}
		pred, err = c.predict(paths, keep, results)
	}
	if err != nil {
		return fail(stderr, err)
	}
	name := filepath.Base(filepath.Dir(filepath.Clean(*gold)))
	if filepath.Base(*gold) != "gold" {
		name = filepath.Base(*gold)
	}
	for _, r := range g.Score(pred) {
		fmt.Fprintf(stdout, "%s\t%s\tpages %d\tP %.3f\tR %.3f\tF1 %.3f\n", name, r.Method, r.Pages, r.Precision, r.Recall, r.F1)
		if *worst > 0 {
			printWorst(stdout, r, *worst, results)
		}
		if *costs > 0 {
			printCosts(stdout, r, *costs, results)
		}
	}
	return exitOK
}

// crossValidate reports the k-fold cross-validated scores of fitting the
// rules on the benchmark folders paths, beside the scores of the fit on
// all their pages.
func (c *common) crossValidate(paths []string, k int, pages string, stdout, stderr io.Writer) int {
	if k < 2 {
		fmt.Fprintf(stderr, "newslint eval: --cv wants 2 folds or more, got %d\n", k)
		return exitError
	}
	if pages == "innertext" {
		pages = "text"
	}
	set, err := c.loadRules()
	if err != nil {
		return fail(stderr, err)
	}
	exs, err := c.fitExamples(paths, "", pages)
	if err != nil {
		return fail(stderr, err)
	}
	if n := len(fit.Sites(exs)); n < k {
		fmt.Fprintf(stderr, "newslint eval: %d sites cannot make %d folds\n", n, k)
		return exitError
	}
	opt := fit.Options{}
	texts, err := fit.CrossValidate(set, exs, k, opt)
	if err != nil {
		return fail(stderr, err)
	}
	m, err := fit.Fit(set, exs, opt)
	if err != nil {
		return fail(stderr, err)
	}
	fitted, err := m.Apply(set)
	if err != nil {
		return fail(stderr, err)
	}
	in := fit.ScoreAll(exs, fit.Predict(fitted, exs))
	fmt.Fprintf(stdout, "%d pages of %d sites; %d folds by site\n", len(exs), len(fit.Sites(exs)), k)
	for i, s := range fit.ScoreAll(exs, texts) {
		f := in[i]
		fmt.Fprintf(stdout, "%s\t%s\tpages %d\tcross-validated P %.3f R %.3f F1 %.3f lost %d\tfitted on all P %.3f R %.3f F1 %.3f lost %d\n",
			s.Group, s.Method, s.Pages, s.Precision, s.Recall, s.F1, s.Lost, f.Precision, f.Recall, f.F1, f.Lost)
	}
	return exitOK
}

// predict runs newslint over paths and returns the kept text per page id.
func (c *common) predict(paths []string, keepFlag string, results map[string]*detect.Result) (map[string]string, error) {
	set, err := c.loadRules()
	if err != nil {
		return nil, err
	}
	keep := set.Settings.Keep
	if keepFlag != "" {
		if keep, err = rules.ParseLabels(keepFlag); err != nil {
			return nil, fmt.Errorf("--keep: %w", err)
		}
	}
	cfg, err := c.runnerConfig(set)
	if err != nil {
		return nil, err
	}
	cfg.Read.NoSourceLines = true // cleaned text does not point into the HTML
	cfg.Detect.LabelsOnly = true  // only labels decide what is scored
	cfg.MaxPageLines = 0          // pages are scored against gold as wholes
	if c.ext == "" {
		cfg.Walk.Extensions = []string{".txt", ".html", ".htm", ".json", ".jsonl"}
	}
	pred := map[string]string{}
	err = runner.Run(context.Background(), cfg, paths, func(it *runner.Item) error {
		if it.Err != nil {
			return it.Err
		}
		_, base := compression.Split(filepath.Base(it.Target.Path)) // x.txt.gz is x
		id := strings.TrimSuffix(base, filepath.Ext(base))
		if it.Unit.Record > 0 {
			id = fmt.Sprintf("%s#%d", id, it.Unit.Record)
		}
		pred[id] = string(clean.Text(it.Result, keep, "\n"))
		results[id] = it.Result
		return nil
	})
	return pred, err
}

// lineOf finds the verdict whose text holds snippet s.
func lineOf(res *detect.Result, s string) *detect.Verdict {
	if res == nil {
		return nil
	}
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60])
	}
	for i := range res.Verdicts {
		if strings.Contains(strings.Join(strings.Fields(res.Verdicts[i].Text), " "), s) {
			return &res.Verdicts[i]
		}
	}
	return nil
}

func describeLine(v *detect.Verdict) string {
	if v == nil {
		return "(not found on one line)"
	}
	rule := "-"
	if r := v.Rule(); r != nil {
		rule = r.ID
	}
	label := v.Label.String()
	if v.Category != "" {
		label += ":" + v.Category
	}
	return fmt.Sprintf("line %d %s [%s] score %.1f", v.Num, label, rule, v.Score)
}

func printWorst(w io.Writer, r eval.Result, n int, results map[string]*detect.Result) {
	for _, p := range r.Worst(n) {
		fmt.Fprintf(w, "  %s\tP %.2f R %.2f F1 %.2f\n", p.ID, p.P, p.R, p.F1)
		for _, m := range p.Missed {
			fmt.Fprintf(w, "    dropped %s  %s\n", report.Quote(m, 70), describeLine(lineOf(results[p.ID], m)))
		}
		for _, k := range p.Kept {
			fmt.Fprintf(w, "    kept    %s  %s\n", report.Quote(k, 70), describeLine(lineOf(results[p.ID], k)))
		}
	}
}

func printCosts(w io.Writer, r eval.Result, n int, results map[string]*detect.Result) {
	dropped, kept := map[string]int{}, map[string]int{}
	for _, p := range r.PerPage {
		for _, m := range p.Missed {
			if v := lineOf(results[p.ID], m); v != nil {
				if rl := v.Rule(); rl != nil {
					dropped[rl.ID]++
				}
			}
		}
		for _, k := range p.Kept {
			if v := lineOf(results[p.ID], k); v != nil {
				if rl := v.Rule(); rl != nil {
					kept[rl.ID]++
				}
			}
		}
	}
	top := func(title string, m map[string]int) {
		type kv struct {
			k string
			v int
		}
		var l []kv
		for k, v := range m {
			l = append(l, kv{k, v})
		}
		sort.Slice(l, func(i, j int) bool { return l[i].v > l[j].v || (l[i].v == l[j].v && l[i].k < l[j].k) })
		fmt.Fprintf(w, "  %s\n", title)
		for i := 0; i < len(l) && i < n; i++ {
			fmt.Fprintf(w, "    %5d  %s\n", l[i].v, l[i].k)
		}
	}
	top("content dropped, by deciding rule:", dropped)
	top("noise kept, by deciding rule:", kept)
}

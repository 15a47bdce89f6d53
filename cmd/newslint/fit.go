package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/newslint/newslint/atomicfile"
	"github.com/newslint/newslint/corpus"
	"github.com/newslint/newslint/eval"
	"github.com/newslint/newslint/fit"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/rules"
)

const fitSynopsis = `[flags] BENCH... | --labels FILE PATH...

Learns the weights of the rules, the end costs of the end-of-article rules
and the scores of the article decoder from pages with gold text, and writes
them as a rules overlay (to standard output, or --out FILE) that --config
loads over the rules it started from, or into that rules file itself
(--write). BENCH is a benchmark folder: gold/ (full text <id>.txt or
snippets <id>.json), innertext/<id>.txt and/or html/<id>.html[.gz], and an
optional index.tsv (id, url, page_type) that names each page's site and
type. With --labels, the gold is a labels file (what newslint serve saves)
and PATH... the pages it labels (keyed by file name without extension, and
":N" for record N of a JSON file). The fit is deterministic: the same rules
and pages give the same values. Use newslint eval --cv to see how well the
fit holds on sites it was not fitted on.`

func runFit(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fit", flag.ContinueOnError)
	var c common
	c.register(fs)
	labels := fs.String("labels", "", "a labels file (what serve saves) to fit on; PATH... are the pages it labels")
	pagesFlag := fs.String("pages", "both", "for benchmark folders: the pages to fit on: text (innertext/), html, or both")
	out := fs.String("out", "", "write the overlay to this file (default: standard output)")
	write := fs.Bool("write", false, "write the fitted values into the rules file itself (--config, or the one found), atomically, instead of an overlay")
	lambda := fs.Float64("lambda", fit.DefaultLambda, "L2 penalty on the weights")
	sweeps := fs.Int("sweeps", fit.DefaultSweeps, "sweeps of the final tuning on the benchmark score (0: none)")
	quiet := fs.Bool("quiet", false, "do not report progress on standard error")
	prior := fs.Bool("prior", false, "hold the fit near the rules' current values (weights, end costs and structure scores) instead of fitting from scratch: for a few pages or labels, which cannot tell the decoder's scores apart (default with --labels)")
	if code, ok := parseFlags(fs, args, stderr, fitSynopsis); !ok {
		return code
	}
	if *labels != "" && !flagSet(fs, "prior") {
		*prior = true
	}
	set, err := c.loadRules()
	if err != nil {
		return fail(stderr, err)
	}
	exs, err := c.fitExamples(fs.Args(), *labels, *pagesFlag)
	if err != nil {
		return fail(stderr, err)
	}
	opt := fit.Options{Lambda: *lambda, Sweeps: *sweeps, Prior: *prior}
	if !*quiet {
		opt.Log = func(m string) { fmt.Fprintln(stderr, "newslint fit:", m) }
	}
	before := fit.ScoreAll(exs, fit.Predict(set, exs))
	m, err := fit.Fit(set, exs, opt)
	if err != nil {
		return fail(stderr, err)
	}
	fitted, err := m.Apply(set)
	if err != nil {
		return fail(stderr, err)
	}
	after := fit.ScoreAll(exs, fit.Predict(fitted, exs))
	if !*quiet {
		for i, s := range after {
			fmt.Fprintf(stderr, "newslint fit: %-32s pages %4d  F1 %.3f -> %.3f  (P %.3f R %.3f, %d pages lost)\n",
				s.Group, s.Pages, before[i].F1, s.F1, s.Precision, s.Recall, s.Lost)
		}
	}
	if *write {
		path := c.config
		if path == "" {
			wd, _ := os.Getwd()
			path = rules.Find(wd)
		}
		if path == "" || c.noConfig {
			fmt.Fprintln(stderr, "newslint fit: --write needs a rules file: name it with --config")
			return exitError
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return fail(stderr, err)
		}
		// The file as it stands is what set holds: a whole rules file, or an
		// overlay over the built-in rules, which gets override entries for
		// the rules it does not define.
		newData, err := rules.RewriteOverlay(data, path, m.Fitted(), set)
		if err != nil {
			return fail(stderr, err)
		}
		if err := atomicfile.Write(path, newData, 0o644); err != nil {
			return fail(stderr, err)
		}
		if !*quiet {
			fmt.Fprintf(stderr, "newslint fit: wrote %s\n", path)
		}
		return exitOK
	}
	var b bytes.Buffer
	comment := fmt.Sprintf("Fitted by newslint fit on %d pages of %d sites.\nLoad it with --config; it changes weights, end costs and the decoder's scores only.", len(exs), len(fit.Sites(exs)))
	if err := fit.WriteOverlay(&b, set, m, comment); err != nil {
		return fail(stderr, err)
	}
	if *out == "" {
		if _, err := stdout.Write(b.Bytes()); err != nil {
			return fail(stderr, err)
		}
		return exitOK
	}
	if err := atomicfile.Write(*out, b.Bytes(), 0o644); err != nil {
		return fail(stderr, err)
	}
	return exitOK
}

// fitExamples reads the pages to fit on: benchmark folders, or the pages
// a labels file labels.
func (c *common) fitExamples(paths []string, labels, pages string) ([]*fit.Example, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("no pages: give benchmark folders, or --labels FILE and the pages it labels")
	}
	if labels != "" {
		return c.labelledExamples(labels, paths)
	}
	var kinds []bool // HTML or not
	switch pages {
	case "text":
		kinds = []bool{false}
	case "html":
		kinds = []bool{true}
	case "both":
		kinds = []bool{false, true}
	default:
		return nil, fmt.Errorf("--pages: want text, html or both, got %q", pages)
	}
	var exs []*fit.Example
	for _, dir := range paths {
		if st, err := os.Stat(filepath.Join(dir, "gold")); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("%s: not a benchmark folder (no gold/); for your own pages, give --labels", dir)
		}
		for _, html := range kinds {
			sub := "innertext"
			if html {
				sub = "html"
			}
			if _, err := os.Stat(filepath.Join(dir, sub)); err != nil {
				if pages == "both" {
					continue // a folder with one kind of pages
				}
				return nil, fmt.Errorf("%s: no %s/", dir, sub)
			}
			e, err := fit.LoadBench(dir, fit.LoadOptions{HTML: html, Readability: c.readability})
			if err != nil {
				return nil, err
			}
			if html && pages == "both" {
				for _, x := range e {
					x.Set += " (html)"
				}
			}
			exs = append(exs, e...)
		}
	}
	return exs, nil
}

// labelledExamples reads the pages of paths that the labels file labels.
// A page's ID is its file name without extension, with ":N" for record N
// of a JSON file, as newslint serve names them.
func (c *common) labelledExamples(labels string, paths []string) ([]*fit.Example, error) {
	gold, err := eval.LoadLabels(labels)
	if err != nil {
		return nil, err
	}
	set, err := c.loadRules()
	if err != nil {
		return nil, err
	}
	cfg, err := c.runnerConfig(set)
	if err != nil {
		return nil, err
	}
	var exs []*fit.Example
	err = input.Walk(paths, cfg.Walk, func(t input.Target) error {
		if t.Err != nil {
			return t.Err
		}
		return input.Units(t, cfg.Read, func(u input.Unit) error {
			p, err := u.Parse()
			if err != nil {
				return fmt.Errorf("%s: %w", t.Path, err)
			}
			base := filepath.Base(t.Path)
			id := strings.TrimSuffix(base, filepath.Ext(base))
			if u.Record > 0 {
				id += ":" + strconv.Itoa(u.Record)
			}
			site := p.Meta.Site
			if site == "" {
				site = corpus.SiteOf(t)
			}
			if ex, ok := fit.NewExample(filepath.Base(labels), id, site, p, gold); ok {
				exs = append(exs, ex)
			} // else a page without labels
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	if len(exs) == 0 {
		return nil, fmt.Errorf("%s: no page of %s is labelled (pages are keyed by file name without extension)", labels, strings.Join(paths, ", "))
	}
	return exs, nil
}

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

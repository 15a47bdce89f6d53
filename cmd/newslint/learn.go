package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/newslint/newslint/atomicfile"
	"github.com/newslint/newslint/corpus"
	"github.com/newslint/newslint/runner"
)

func runLearn(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("learn", flag.ContinueOnError)
	var c common
	c.register(fs)
	out := fs.String("o", "", "write the proposed rules to this file (default: standard output)")
	minPages := fs.Int("min-pages", 3, "propose lines found on at least this many pages of a site")
	minShare := fs.Float64("min-share", 0.5, "propose lines found on at least this share of a site's pages, 0..1")
	if code, ok := parseFlags(fs, args, stderr, "[flags] PATH..."); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "newslint learn: no PATH given: name the folders (one per site) or JSON files of a run")
		return exitError
	}
	if *minPages < 2 || *minShare < 0 || *minShare > 1 {
		fmt.Fprintln(stderr, "newslint learn: --min-pages must be 2 or more and --min-share between 0 and 1")
		return exitError
	}
	set, err := c.loadRules()
	if err != nil {
		return fail(stderr, err)
	}
	cfg, err := c.runnerConfig(set)
	if err != nil {
		return fail(stderr, err)
	}
	if err := refuseInputs(fs.Args(), cfg.Walk, *out); err != nil {
		return fail(stderr, err)
	}
	ctx := context.Background()
	counts, err := corpus.Count(ctx, corpus.Config{Walk: cfg.Walk, Read: cfg.Read, Workers: cfg.Workers, Site: cfg.Site}, fs.Args())
	if err != nil {
		return fail(stderr, err)
	}
	// The second pass scores the pages with the rules alone, to tell which
	// recurring lines they keep today.
	cfg.Corpus = false
	l := &corpus.Learner{Counts: counts, MinPages: *minPages, MinShare: *minShare}
	code := exitOK
	err = runner.Run(ctx, cfg, fs.Args(), func(it *runner.Item) error {
		if it.Err != nil {
			fmt.Fprintf(stderr, "newslint: %v\n", it.Err)
			code = exitError
			return nil
		}
		l.Add(it.Result)
		return nil
	})
	if err != nil {
		return fail(stderr, err)
	}
	sites := l.Sites()
	var buf bytes.Buffer
	if err := corpus.WriteRules(&buf, sites, *minPages, *minShare); err != nil {
		return fail(stderr, err)
	}
	if *out == "" {
		if _, err := stdout.Write(buf.Bytes()); err != nil {
			return fail(stderr, err)
		}
	} else if err := atomicfile.Write(*out, buf.Bytes(), 0o644); err != nil {
		return fail(stderr, err)
	}
	lines, shapes := 0, 0
	for _, s := range sites {
		lines += len(s.Lines)
		shapes += len(s.Shapes)
	}
	pages := 0
	for _, site := range counts.Sites() {
		pages += counts.Size(site)
	}
	fmt.Fprintf(stderr, "learn: %d pages of %d sites; proposed %d lines and %d line shapes for %d sites (a site needs %d pages or more)\n",
		pages, len(counts.Sites()), lines, shapes, len(sites), *minPages)
	return code
}

package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/rules"
	"github.com/newslint/newslint/runner"
)

// gateFlags override the gate settings of rules.yaml.
type gateFlags struct {
	failLevel       string
	maxNoiseRatio   float64
	minContentLines int
}

func (g *gateFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&g.failLevel, "fail-level", "", "fail on findings at this severity or above: info, warning, error or none (default from rules.yaml: warning)")
	fs.Float64Var(&g.maxNoiseRatio, "max-noise-ratio", -1, "fail a page whose share of noise lines is above this, 0..1 (default from rules.yaml: no limit)")
	fs.IntVar(&g.minContentLines, "min-content-lines", -1, "fail a page with fewer content lines (default from rules.yaml: no minimum)")
}

func (g *gateFlags) gate(s rules.Settings) (report.Gate, error) {
	gate := report.GateFrom(s)
	if g.failLevel != "" {
		sev, err := rules.ParseSeverity(g.failLevel)
		if err != nil {
			return gate, fmt.Errorf("--fail-level: %w", err)
		}
		gate.FailLevel = sev
	}
	if g.maxNoiseRatio >= 0 {
		if g.maxNoiseRatio > 1 {
			return gate, fmt.Errorf("--max-noise-ratio must be between 0 and 1, got %g", g.maxNoiseRatio)
		}
		gate.MaxNoiseRatio = g.maxNoiseRatio
	}
	if g.minContentLines >= 0 {
		gate.MinContentLines = g.minContentLines
	}
	return gate, nil
}

func runLint(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	var c common
	var g gateFlags
	c.register(fs)
	g.register(fs)
	showInfo := fs.Bool("info", false, "also list findings of info severity (generic boilerplate lines)")
	quiet := fs.Bool("quiet", false, "print only failing pages and the totals")
	if code, ok := parseFlags(fs, args, stderr, "[flags] PATH..."); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "newslint lint: no PATH given (use - for standard input)")
		return exitError
	}
	set, err := c.loadRules()
	if err != nil {
		return fail(stderr, err)
	}
	gate, err := g.gate(set.Settings)
	if err != nil {
		return fail(stderr, err)
	}
	cfg, err := c.runnerConfig(set)
	if err != nil {
		return fail(stderr, err)
	}
	min := rules.Warning
	if *showInfo {
		min = rules.Info
	}
	w := &report.Text{W: stdout, Style: c.style(stdout), MinSeverity: min, Quiet: *quiet}
	tot, err := lintRun(cfg, gate, fs.Args(), w)
	if err != nil {
		return fail(stderr, err)
	}
	return exitCode(tot)
}

// lintRun scores args and feeds every page to w.
func lintRun(cfg runner.Config, gate report.Gate, args []string, w report.Writer) (*report.Totals, error) {
	tot := &report.Totals{}
	err := runner.Run(context.Background(), cfg, args, func(it *runner.Item) error {
		if it.First {
			tot.Files++
		}
		if it.Err != nil {
			tot.Errors++
			return w.FileError(it.Target.Path, it.Unit.Record, it.Err)
		}
		p := report.NewPage(it.Result, gate)
		tot.Add(p)
		return w.Page(p)
	})
	if err != nil {
		return tot, err
	}
	return tot, w.Close(tot)
}

func exitCode(t *report.Totals) int {
	switch {
	case t.Errors > 0:
		return exitError
	case t.Failed > 0:
		return exitFindings
	}
	return exitOK
}

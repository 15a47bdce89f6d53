package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/rules"
	"github.com/newslint/newslint/runner"
)

// gateFlags override the gate settings of rules.yaml.
type gateFlags struct {
	failLevel       string
	maxNoiseRatio   float64
	minContentLines int
	requireFields   string
}

func (g *gateFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&g.failLevel, "fail-level", "", "fail on findings at this severity or above: info, warning, error or none (default from rules.yaml: warning)")
	fs.Float64Var(&g.maxNoiseRatio, "max-noise-ratio", -1, "fail a page whose share of noise lines is above this, 0..1 (default from rules.yaml: no limit)")
	fs.IntVar(&g.minContentLines, "min-content-lines", -1, "fail a page with fewer content lines (default from rules.yaml: no minimum)")
	fs.StringVar(&g.requireFields, "require-fields", "", "fail a JSON record that lacks one of these comma-separated fields: "+strings.Join(report.MetaFields, ", "))
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
	if g.requireFields != "" {
		gate.RequiredFields = nil
		for _, f := range strings.Split(g.requireFields, ",") {
			f = strings.TrimSpace(f)
			if f == "" {
				continue
			}
			if !slices.Contains(report.MetaFields, f) {
				return gate, fmt.Errorf("--require-fields: unknown field %q (want %s)", f, strings.Join(report.MetaFields, ", "))
			}
			gate.RequiredFields = append(gate.RequiredFields, f)
		}
	}
	return gate, nil
}

// Report formats for --format.
var reportFormats = []string{"text", "json", "sarif", "github", "junit", "checkstyle", "gitlab", "html"}

// output is one --format FMT[=PATH]; path "" is standard output.
type output struct{ format, path string }

type outputFlag []output

func (o *outputFlag) String() string {
	var parts []string
	for _, out := range *o {
		parts = append(parts, out.format+"="+out.path)
	}
	return strings.Join(parts, ",")
}

func (o *outputFlag) Set(s string) error {
	format, path, _ := strings.Cut(s, "=")
	if !slices.Contains(reportFormats, format) {
		return fmt.Errorf("unknown format %q (want %s, as FMT or FMT=PATH)", format, strings.Join(reportFormats, ", "))
	}
	if path == "-" {
		path = ""
	}
	if format == "html" && path == "" {
		return fmt.Errorf("--format html writes a file a browser opens: give it a path (html=report.html)")
	}
	*o = append(*o, output{format, path})
	return nil
}

// reportFlags choose the reports lint writes.
type reportFlags struct {
	outputs    outputFlag
	info       bool
	quiet      bool
	statistics bool
	bySite     bool
}

func (r *reportFlags) register(fs *flag.FlagSet) {
	fs.Var(&r.outputs, "format", "report format: text, json, sarif, github, junit, checkstyle, gitlab (Code Quality) or html=FILE (a page for people); FMT=PATH writes it to a file; repeatable (default text on standard output)")
	fs.BoolVar(&r.info, "info", false, "also list findings of info severity (generic boilerplate lines)")
	fs.BoolVar(&r.quiet, "quiet", false, "text: print only failing pages and the totals")
	fs.BoolVar(&r.bySite, "by-site", false, "add a report per site: pages, noise ratio, pages failing the gate and the rules with the most findings, sites with failing pages first (a site is page.Meta.Site: the URL host of a record or HTML page, or the first folder under a directory argument); placed like --statistics")
	fs.BoolVar(&r.statistics, "statistics", false, "add counts per rule and category, lines kept and dropped, and the noise ratio per file and per site (after the text report, else on standard error if standard output carries another format)")
}

// reports opens the writers the flags ask for; finish flushes and closes
// the outputs after the writers' Close. Report files and standard output
// (unless it is a terminal) are buffered; standard output is written
// through prog, which clears its progress line first.
func (r *reportFlags) reports(c *common, set *rules.Set, baseline bool, prog *progress, stdout, stderr io.Writer) (w report.Writer, finish func() error, err error) {
	outs := r.outputs
	if len(outs) == 0 {
		outs = outputFlag{{format: "text"}}
	}
	var files []*os.File
	var bufs []*bufio.Writer
	buffer := func(w io.Writer) io.Writer {
		b := bufio.NewWriterSize(w, 64<<10)
		bufs = append(bufs, b)
		return b
	}
	finish = func() error {
		var errs []error
		for _, b := range bufs {
			errs = append(errs, b.Flush())
		}
		for _, f := range files {
			errs = append(errs, f.Close())
		}
		return errors.Join(errs...)
	}
	out := stdout
	if !isTerminal(stdout) {
		out = buffer(stdout)
	}
	min := rules.Warning
	if r.info {
		min = rules.Info
	}
	var ws report.Multi
	var textW, stdoutFormat io.Writer
	for _, o := range outs {
		dst, style := prog.clearing(out), c.style(stdout)
		if o.path != "" {
			f, err := os.Create(o.path)
			if err != nil {
				finish()
				return nil, nil, fmt.Errorf("--format %s: %w", o.format, err)
			}
			files = append(files, f)
			dst, style = buffer(f), c.style(f)
		} else if stdoutFormat != nil {
			finish()
			return nil, nil, fmt.Errorf("--format %s: only one format can go to standard output; give the others a path (FMT=PATH)", o.format)
		} else {
			stdoutFormat = dst
		}
		switch o.format {
		case "text":
			textW = dst
			ws = append(ws, &report.Text{W: dst, Style: style, MinSeverity: min, Quiet: r.quiet})
		case "json":
			ws = append(ws, &report.JSON{W: dst, Version: version()})
		case "sarif":
			wd, _ := os.Getwd()
			ws = append(ws, &report.SARIF{W: dst, Rules: set, Version: version(), Root: wd, MinSeverity: min, Baseline: baseline})
		case "github":
			ws = append(ws, &report.GitHub{W: dst, MinSeverity: min})
		case "junit":
			ws = append(ws, &report.JUnit{W: dst, MinSeverity: min})
		case "checkstyle":
			ws = append(ws, &report.Checkstyle{W: dst, MinSeverity: min})
		case "gitlab":
			wd, _ := os.Getwd()
			ws = append(ws, &report.GitLab{W: dst, MinSeverity: min, Root: wd})
		case "html":
			ws = append(ws, &report.HTML{W: dst, Version: version()})
		}
	}
	// The summaries go with the text report, else to standard output when
	// no other format holds it, else to standard error.
	summaryW := func() io.Writer {
		switch {
		case textW != nil:
		case stdoutFormat == nil:
			textW = prog.clearing(out)
		default:
			textW = stderr
		}
		return textW
	}
	if r.statistics {
		ws = append(ws, &report.Statistics{W: summaryW(), Keep: set.Settings.Keep})
	}
	if r.bySite {
		ws = append(ws, &report.Sites{W: summaryW(), MinSeverity: min})
	}
	return ws, finish, nil
}

func runLint(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	var c common
	var g gateFlags
	var r reportFlags
	c.register(fs)
	g.register(fs)
	r.register(fs)
	baselineFile := fs.String("baseline", "", "report only findings that are not in this baseline file (written by newslint baseline); list its stale entries")
	watch := fs.Bool("watch", false, watchUsage)
	if code, ok := parseFlags(fs, args, stderr, "[flags] PATH..."); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "newslint lint: no PATH given (use - for standard input)")
		return exitError
	}
	if *watch {
		return watchCommand(&c, fs.Args(), stdout, stderr, func() int { return runLint(withoutWatch(args), stdout, stderr) })
	}
	set, err := c.loadRules()
	if err != nil {
		return fail(stderr, err)
	}
	gate, err := g.gate(set.Settings)
	if err != nil {
		return fail(stderr, err)
	}
	if *baselineFile != "" {
		if gate.Baseline, err = report.LoadBaseline(*baselineFile); err != nil {
			return fail(stderr, err)
		}
	}
	cfg, err := c.runnerConfig(set)
	if err != nil {
		return fail(stderr, err)
	}
	var reportPaths []string
	for _, o := range r.outputs {
		reportPaths = append(reportPaths, o.path)
	}
	if err := refuseInputs(fs.Args(), cfg.Walk, reportPaths...); err != nil {
		return fail(stderr, err)
	}
	prog := newProgress(stderr)
	w, finish, err := r.reports(&c, set, gate.Baseline != nil, prog, stdout, stderr)
	if err != nil {
		return fail(stderr, err)
	}
	tot, err := lintRun(cfg, gate, fs.Args(), w, prog)
	if cerr := finish(); err == nil {
		err = cerr
	}
	if err != nil {
		return fail(stderr, err)
	}
	return exitCode(tot)
}

// lintRun scores args and feeds every page to w.
func lintRun(cfg runner.Config, gate report.Gate, args []string, w report.Writer, prog *progress) (*report.Totals, error) {
	cfg.Detect.NoFeatures = true // no report shows them
	tot := &report.Totals{}
	err := runner.Run(context.Background(), cfg, args, func(it *runner.Item) error {
		if it.First {
			tot.Files++
		}
		defer prog.update(tot, it.Target.Path)
		if it.Err != nil {
			tot.Errors++
			return w.FileError(it.Target.Path, it.Unit.Record, it.Err)
		}
		p := report.NewPage(it.Result, gate)
		tot.Add(p)
		return w.Page(p)
	})
	prog.clear()
	if err != nil {
		return tot, err
	}
	if gate.Baseline != nil {
		tot.Baseline = gate.Baseline.File
		tot.Stale = gate.Baseline.Stale()
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

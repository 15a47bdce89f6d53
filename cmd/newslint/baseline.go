package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/newslint/newslint/atomicfile"
	"github.com/newslint/newslint/report"
)

// defaultBaseline is the file newslint baseline writes by default.
const defaultBaseline = "newslint-baseline.json"

// runBaseline records the findings of today's corpus, so that lint
// --baseline reports only new ones.
func runBaseline(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("baseline", flag.ContinueOnError)
	var c common
	var g gateFlags
	c.register(fs)
	g.register(fs)
	out := fs.String("o", defaultBaseline, "write the baseline to this file (paths in it are relative to its directory)")
	if code, ok := parseFlags(fs, args, stderr, "[flags] PATH..."); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "newslint baseline: no PATH given (use - for standard input)")
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
	if err := refuseInputs(fs.Args(), cfg.Walk, *out); err != nil {
		return fail(stderr, err)
	}
	rec := report.NewBaselineRecorder(filepath.Dir(*out))
	// Files that cannot be read are named on stderr and make the exit code 2;
	// the baseline of the others is still written.
	prog := newProgress(stderr)
	w := report.Multi{rec, fileErrors{prog.clearing(stderr)}}
	tot, err := lintRun(cfg, gate, fs.Args(), w, prog)
	if err != nil {
		return fail(stderr, err)
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return fail(stderr, err)
	}
	if err := atomicfile.Write(*out, rec.Bytes(), 0o644); err != nil {
		return fail(stderr, err)
	}
	fmt.Fprintf(stdout, "newslint: %s: %d findings and %d gate failures of %d pages in %d files (%d pages fail today)\n",
		*out, rec.Findings, rec.Gates, tot.Pages, tot.Files, tot.Failed)
	if tot.Errors > 0 {
		return exitError
	}
	return exitOK
}

// fileErrors is a Writer that prints only the files that could not be read.
type fileErrors struct{ w io.Writer }

func (e fileErrors) Page(*report.Page) error { return nil }
func (e fileErrors) FileError(path string, record int, err error) error {
	_, werr := fmt.Fprintf(e.w, "newslint: %v\n", err)
	return werr
}
func (e fileErrors) Close(*report.Totals) error { return nil }

package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/runner"
)

func runExplain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	var c common
	c.register(fs)
	watch := fs.Bool("watch", false, watchUsage)
	if code, ok := parseFlags(fs, args, stderr, "[flags] FILE..."); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "newslint explain: no FILE given (use - for standard input)")
		return exitError
	}
	if *watch {
		return watchCommand(&c, fs.Args(), stdout, stderr, func() int { return runExplain(withoutWatch(args), stdout, stderr) })
	}
	set, err := c.loadRules()
	if err != nil {
		return fail(stderr, err)
	}
	cfg, err := c.runnerConfig(set)
	if err != nil {
		return fail(stderr, err)
	}
	st := c.style(stdout)
	code := exitOK
	err = runner.Run(context.Background(), cfg, fs.Args(), func(it *runner.Item) error {
		if it.Err != nil {
			fmt.Fprintf(stderr, "newslint: %v\n", it.Err)
			code = exitError
			return nil
		}
		return report.Explain(stdout, it.Result, st)
	})
	if err != nil {
		return fail(stderr, err)
	}
	return code
}

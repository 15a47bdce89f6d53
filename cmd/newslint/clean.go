package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/newslint/newslint/atomicfile"
	"github.com/newslint/newslint/clean"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/rules"
	"github.com/newslint/newslint/runner"
)

func runClean(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("clean", flag.ContinueOnError)
	var c common
	c.register(fs)
	keepFlag := fs.String("keep", "", "comma-separated labels to keep: title, content, meta, noise (default from rules.yaml: title,content)")
	outDir := fs.String("out-dir", "", "write each cleaned input to DIR, keeping paths relative to the argument (x.html becomes x.txt)")
	write := fs.Bool("write", false, "replace each input with its cleaned text, atomically")
	if code, ok := parseFlags(fs, args, stderr, "[flags] PATH..."); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "newslint clean: no PATH given (use - for standard input)")
		return exitError
	}
	if *write && *outDir != "" {
		fmt.Fprintln(stderr, "newslint clean: --write and --out-dir exclude each other")
		return exitError
	}
	set, err := c.loadRules()
	if err != nil {
		return fail(stderr, err)
	}
	keep := set.Settings.Keep
	if *keepFlag != "" {
		if keep, err = rules.ParseLabels(*keepFlag); err != nil {
			return fail(stderr, fmt.Errorf("--keep: %w", err))
		}
	}
	cfg, err := c.runnerConfig(set)
	if err != nil {
		return fail(stderr, err)
	}
	inputs := map[string]bool{}
	var files []input.Target
	if err := input.Walk(fs.Args(), cfg.Walk, func(t input.Target) error {
		files = append(files, t)
		if abs, err := filepath.Abs(t.Path); err == nil && t.Path != input.Stdin {
			inputs[abs] = true
		}
		return nil
	}); err != nil {
		return fail(stderr, err)
	}
	if *outDir == "" && !*write && len(files) > 1 {
		fmt.Fprintf(stderr, "newslint clean: %d inputs: name an --out-dir (or --write to clean in place); only one input goes to standard output\n", len(files))
		return exitError
	}
	cl := &cleaner{keep: keep, outDir: *outDir, write: *write, stdout: stdout, stderr: stderr, inputs: inputs, field: c.field}
	err = runner.Run(context.Background(), cfg, fs.Args(), cl.item)
	if err != nil {
		return fail(stderr, err)
	}
	if cl.errors > 0 {
		return exitError
	}
	return exitOK
}

// cleaner writes the cleaned output of each item.
type cleaner struct {
	keep   []rules.Label
	outDir string
	write  bool
	field  string
	stdout io.Writer
	stderr io.Writer
	inputs map[string]bool // absolute paths of all inputs: never overwritten by --out-dir
	errors int

	rec *recordOut // the JSON file being written, if any
}

func (cl *cleaner) errorf(format string, args ...any) {
	fmt.Fprintf(cl.stderr, "newslint: "+format+"\n", args...)
	cl.errors++
}

func (cl *cleaner) item(it *runner.Item) error {
	format := input.FormatOf(it.Target.Path)
	if it.Unit.Record > 0 || format == input.JSON || format == input.JSONL {
		return cl.record(it)
	}
	if it.Err != nil {
		cl.errorf("%v", it.Err)
		return nil
	}
	eol := input.LineEnding(it.Unit.Raw)
	text := clean.Text(it.Result, cl.keep, eol)
	dst, err := cl.destination(it.Target, format == input.HTML)
	if err != nil {
		cl.errorf("%v", err)
		return nil
	}
	if dst == "" {
		_, err := cl.stdout.Write(text)
		return err
	}
	if cl.write && bytes.Equal(text, it.Unit.Raw) {
		return nil // unchanged: leave the file (and its mtime) alone
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		cl.errorf("%v", err)
		return nil
	}
	if err := atomicfile.Write(dst, text, 0o644); err != nil {
		cl.errorf("%v", err)
	}
	return nil
}

// destination returns where the cleaned output of t goes: "" for stdout.
func (cl *cleaner) destination(t input.Target, html bool) (string, error) {
	switch {
	case cl.write:
		if t.Path == input.Stdin {
			return "", nil
		}
		if html {
			return "", fmt.Errorf("%s: --write would replace HTML with text; use --out-dir", t.Path)
		}
		return t.Path, nil
	case cl.outDir == "":
		return "", nil
	}
	rel := t.Rel
	if rel == "" {
		rel = filepath.Base(t.Path)
		if t.Path == input.Stdin {
			rel = "stdin.txt"
		}
	}
	if html {
		rel = strings.TrimSuffix(rel, filepath.Ext(rel)) + ".txt"
	}
	dst := filepath.Join(cl.outDir, rel)
	abs, err := filepath.Abs(dst)
	if err != nil {
		return "", err
	}
	if cl.inputs[abs] {
		return "", fmt.Errorf("%s: refusing to overwrite an input; choose another --out-dir or use --write", dst)
	}
	return dst, nil
}

var errNoRecords = errors.New("no JSON output")

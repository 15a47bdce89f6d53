package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/newslint/newslint/atomicfile"
	"github.com/newslint/newslint/clean"
	"github.com/newslint/newslint/compression"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/rules"
	"github.com/newslint/newslint/runner"
)

func runClean(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("clean", flag.ContinueOnError)
	var c common
	c.register(fs)
	keepFlag := fs.String("keep", "", "comma-separated labels to keep: title, content, meta, noise (default from rules.yaml: title,content)")
	outDir := fs.String("out-dir", "", "write each cleaned input to DIR, keeping paths relative to the argument (x.html becomes x.txt, a WARC file x.jsonl with a record per page; x.gz and x.zst stay compressed)")
	write := fs.Bool("write", false, "replace each input with its cleaned text, atomically (compressed as it was); not HTML or WARC files")
	diff := fs.Bool("diff", false, "print a unified diff of each input against its cleaned text and change nothing; exit 1 when anything would change")
	dropUncertain := fs.Bool("drop-uncertain", false, "clean a page whose reading is in doubt (an article-uncertain finding) like any other, instead of keeping it whole")
	fixEncoding := fs.Bool("fix-encoding", false, "repair mojibake (UTF-8 read as Windows-1252 or Latin-1, such as \"FÃ¼r\" for \"Für\") on the lines the encoding rules flag")
	gateField := fs.String("gate-field", "", "JSON input: add a top-level field NAME with the page's gate verdict, {\"fail\":false,...} or {\"fail\":true,\"reasons\":[...],...}, as lint would decide it (rules.yaml settings and the gate flags)")
	var gf gateFlags
	gf.register(fs)
	addField := fs.String("add-field", "", "JSON input: write the cleaned text under this top-level field and leave the text field as it is (default: replace the text field)")
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
	if *diff && (*write || *outDir != "") {
		fmt.Fprintln(stderr, "newslint clean: --diff changes nothing; it excludes --write and --out-dir")
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
	cfg.Read.NoSourceLines = true // cleaned text does not point into the HTML
	// Only labels decide what is kept; the gate needs every finding.
	cfg.Detect.LabelsOnly = !*fixEncoding && *gateField == ""
	gate, err := gf.gate(set.Settings)
	if err != nil {
		return fail(stderr, err)
	}
	inputs := map[string]bool{}
	var files []input.Target
	var real realPaths
	if err := input.Walk(fs.Args(), cfg.Walk, func(t input.Target) error {
		files = append(files, t)
		if abs, err := filepath.Abs(t.Path); err == nil && t.Path != input.Stdin {
			inputs[abs] = true
			if r, err := real.of(abs); err == nil {
				inputs[r] = true // an --out-dir may reach it through a symlink
			}
		}
		return nil
	}); err != nil {
		return fail(stderr, err)
	}
	if *outDir == "" && !*write && !*diff && len(files) > 1 {
		fmt.Fprintf(stderr, "newslint clean: %d inputs: name an --out-dir (or --write to clean in place); only one input goes to standard output\n", len(files))
		return exitError
	}
	// A pipe or socket on standard input is a client that may wait for
	// each answer before it sends the next record (a co-process): each
	// record is written and flushed as soon as it is cleaned.
	cl := &cleaner{stream: !*diff && slices.Contains(fs.Args(), input.Stdin) && !regularStdin(), real: real, keep: keep, outDir: *outDir, write: *write, stdout: stdout, stderr: stderr, inputs: inputs, field: c.field, addField: *addField, gateField: *gateField, gate: gate, format: cfg.Read.Format, diff: *diff, fixEncoding: *fixEncoding, dropUncertain: *dropUncertain}
	// An interrupt (Ctrl-C, SIGTERM) stops the run between two files: the
	// file being written is finished and the others are not begun, so each
	// is either old or new and no temporary file is left. A second
	// interrupt kills at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() { <-ctx.Done(); stop() }()
	cl.ctx = ctx
	cfg.StreamStdin = cl.stream
	err = runner.Run(ctx, cfg, fs.Args(), cl.item)
	if ctx.Err() != nil {
		cl.endRecords(false) // a JSON output not written to its end is dropped
		fmt.Fprintln(stderr, "newslint clean: interrupted: the files written so far are complete, the others are as they were")
		return exitError
	}
	if err != nil {
		return fail(stderr, err)
	}
	if cl.errors > 0 {
		return exitError
	}
	if cl.changed > 0 {
		return exitFindings
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
	ctx    context.Context // cancelled when the run is interrupted
	inputs map[string]bool // absolute paths of all inputs: never overwritten by --out-dir
	// written maps each --out-dir output (absolute) to the input cleaned
	// into it, so that a second input does not overwrite the first's output.
	written map[string]string
	errors  int
	real    realPaths
	made    map[string]bool // output directories made (or found) so far

	rec *recordOut // the JSON file being written, if any
	// addField, if set, names the field of a JSON record that gets the
	// cleaned text; the text field is left as it is.
	addField string
	// gateField, if set, names the field of a JSON record that gets the
	// page's verdict under gate.
	gateField string
	gate      report.Gate
	format    *input.Format // forced with --input-format

	stream      bool // flush each record of standard input as it is written
	fixEncoding bool // repair mojibake on the lines flagged for it
	// dropUncertain cleans pages whose reading is in doubt too.
	dropUncertain bool
	diff          bool // print diffs instead of writing (see diffItem)
	changed       int  // inputs the diff found changes in

	parts  *clean.Joiner // the cleaned text of a page scored in parts, so far
	joined []byte        // the whole page's, at its last part
	// partsText and joinedText are the same for the text read from an
	// HTML page (or a WARC file's), which clean --diff compares.
	partsText, joinedText []byte
	// partsGate and joinedGate are the same for the gate verdict of a JSON
	// record (--gate-field).
	partsGate, joinedGate *report.Page
}

func (cl *cleaner) errorf(format string, args ...any) {
	fmt.Fprintf(cl.stderr, "newslint: "+format+"\n", args...)
	cl.errors++
}

func (cl *cleaner) item(it *runner.Item) error {
	if cl.ctx != nil && cl.ctx.Err() != nil {
		return cl.ctx.Err() // interrupted: write nothing more
	}
	format := input.FormatOf(it.Target.Path)
	switch {
	case it.Unit.Parse != nil:
		format = it.Unit.FileFormat // as read
	case cl.format != nil:
		format = *cl.format
	}
	if it.Page != nil && it.Page.Part > 0 {
		if !cl.gatherParts(it, format) {
			return nil
		}
		defer func() { cl.joined, cl.joinedText, cl.joinedGate = nil, nil, nil }()
	}
	if cl.diff {
		return cl.diffItem(it, format)
	}
	switch {
	case cl.rec != nil && cl.rec.warc, format == input.WARC:
		return cl.warcPage(it)
	case cl.rec != nil || format == input.JSON || format == input.JSONL:
		return cl.record(it, format)
	}
	if it.Err != nil {
		cl.errorf("%v", it.Err)
		return nil
	}
	eol := input.LineEnding(it.Unit.Raw)
	text := cl.text(it.Result, eol)
	dst, err := cl.destination(it.Target, format)
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
	if dir := filepath.Dir(dst); !cl.made[dir] {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			cl.errorf("%v", err)
			return nil
		}
		if cl.made == nil {
			cl.made = map[string]bool{}
		}
		cl.made[dir] = true
	}
	if err := writeFile(dst, text, cl.write); err != nil {
		cl.errorf("%v", err)
	}
	return nil
}

// writeFile writes data to dst atomically, compressed as dst's name says
// (x.txt.gz: gzip). sync, for a file that replaces an input, syncs it
// before it is renamed into place.
func writeFile(dst string, data []byte, sync bool) error {
	if kind, _ := compression.Split(dst); kind != compression.None {
		var buf bytes.Buffer
		zw, err := compression.NewWriter(kind, &buf)
		if err != nil {
			return fmt.Errorf("%s: %w", dst, err)
		}
		if _, err := zw.Write(data); err != nil {
			return fmt.Errorf("%s: %w", dst, err)
		}
		if err := zw.Close(); err != nil {
			return fmt.Errorf("%s: %w", dst, err)
		}
		data = buf.Bytes()
	}
	if sync {
		return atomicfile.Write(dst, data, 0o644)
	}
	return atomicfile.WriteUnsynced(dst, data, 0o644) // a new output beside the inputs
}

// destination returns where the cleaned output of t, read as format f, goes:
// "" for stdout. An output keeps the compression of its input: x.jsonl.gz
// is written back as gzip, x.html.zst becomes x.txt.zst.
func (cl *cleaner) destination(t input.Target, f input.Format) (string, error) {
	html := f == input.HTML
	warc := f == input.WARC
	switch {
	case cl.write:
		if t.Path == input.Stdin {
			return "", nil
		}
		if html {
			return "", fmt.Errorf("%s: --write would replace HTML with text; use --out-dir", t.Path)
		}
		if warc {
			return "", fmt.Errorf("%s: --write would replace a WARC file with JSON Lines; use --out-dir", t.Path)
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
			switch f {
			case input.JSON, input.JSONL:
				rel = "stdin." + f.String()
			case input.WARC:
				rel = "stdin.jsonl"
			}
		}
	}
	if html || warc {
		kind, base := compression.Split(rel)
		ext := ".txt"
		if warc {
			ext = ".jsonl" // a record per page
		}
		rel = strings.TrimSuffix(base, filepath.Ext(base)) + ext + kind.Ext()
	}
	dst := filepath.Join(cl.outDir, rel)
	abs, err := filepath.Abs(dst)
	if err != nil {
		return "", err
	}
	real, err := cl.real.of(abs)
	if cl.inputs[abs] || err == nil && cl.inputs[real] {
		return "", fmt.Errorf("%s: refusing to overwrite an input; choose another --out-dir or use --write", dst)
	}
	if prev, ok := cl.written[abs]; ok && prev != t.Path {
		return "", fmt.Errorf("%s: refusing to overwrite the output of %s with that of %s; clean them into different --out-dir directories", dst, prev, t.Path)
	}
	if cl.written == nil {
		cl.written = map[string]string{}
	}
	cl.written[abs] = t.Path
	return dst, nil
}

// regularStdin reports whether standard input is a regular file (input
// redirected from a file), which is read to its end at full speed.
func regularStdin() bool {
	st, err := os.Stdin.Stat()
	return err == nil && st.Mode().IsRegular()
}

// realPaths resolves symbolic links like filepath.EvalSymlinks, once per
// directory: a run over many files in few directories then costs one
// Lstat per file rather than one per path element.
type realPaths struct {
	dirs map[string]string // directory → its resolved path
}

// of returns the path abs (absolute, clean) resolves to.
func (r *realPaths) of(abs string) (string, error) {
	dir, base := filepath.Split(abs)
	rd, ok := r.dirs[dir]
	if !ok {
		d, err := filepath.EvalSymlinks(dir)
		if err != nil {
			return "", err // the directory does not (yet) exist: neither does abs
		}
		if r.dirs == nil {
			r.dirs = map[string]string{}
		}
		r.dirs[dir], rd = d, d
	}
	p := filepath.Join(rd, base)
	fi, err := os.Lstat(p)
	if err != nil {
		return "", err
	}
	if fi.Mode()&os.ModeSymlink != 0 {
		return filepath.EvalSymlinks(p)
	}
	return p, nil
}

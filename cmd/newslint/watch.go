package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/rules"
	"github.com/newslint/newslint/runner"
)

// watchUsage documents --watch for lint and explain.
const watchUsage = "keep running: re-run when the rules file or an input changes, and print the lines whose verdict flipped since the last run"

// watchPoll is how often the rules file and the inputs are checked.
const watchPoll = 500 * time.Millisecond

// withoutWatch returns args without the --watch flag, for the runs the
// watcher starts.
func withoutWatch(args []string) []string {
	var out []string
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		switch a {
		case "-watch", "--watch", "-watch=true", "--watch=true", "-watch=false", "--watch=false":
			continue
		}
		out = append(out, a)
	}
	return out
}

// watchCommand runs run, then runs it again each time the rules file that
// c selects or a file under paths changes, and after each run prints which
// lines changed their verdict since the one before. It returns the exit
// code of the last run once interrupted (Ctrl+C).
func watchCommand(c *common, paths []string, stdout, stderr io.Writer, run func() int) int {
	if slices.Contains(paths, input.Stdin) {
		fmt.Fprintln(stderr, "newslint: --watch cannot re-read standard input: name files or directories")
		return exitError
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return watchLoop(ctx, c, paths, stdout, run, watchPoll)
}

func watchLoop(ctx context.Context, c *common, paths []string, stdout io.Writer, run func() int, poll time.Duration) int {
	w := &watcher{c: c, paths: paths}
	code := run()
	w.prev = w.verdicts()
	stamp := w.stamp()
	w.watching(stdout)
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return code
		case <-t.C:
		}
		next := w.stamp()
		if next == stamp {
			continue
		}
		// Let an editor finish writing (several events for one save).
		time.Sleep(poll / 2)
		next = w.stamp()
		what := w.what(stamp, next)
		stamp = next
		fmt.Fprintf(stdout, "\n=== %s %s changed: re-running\n", time.Now().Format("15:04:05"), what)
		code = run()
		cur := w.verdicts()
		if cur != nil && w.prev != nil {
			printFlips(stdout, w.prev, cur)
		}
		if cur != nil {
			w.prev = cur
		}
		w.watching(stdout)
	}
}

func (w *watcher) watching(stdout io.Writer) {
	files := "input files"
	if w.files == 1 {
		files = "input file"
	}
	fmt.Fprintf(stdout, "--- watching %s and %d %s; Ctrl+C stops\n", w.rulesName(), w.files, files)
}

// watcher remembers what the last run saw.
type watcher struct {
	c     *common
	paths []string
	files int
	prev  map[string][]watchedLine // page key → its scored lines
	walk  input.WalkOptions
}

// watchedLine is one scored line as the watcher compares it.
type watchedLine struct {
	num     int
	text    string
	verdict string // content, title, meta or noise:<category>
	rule    string
}

// rulesPath is the rules file the flags select now ("" for the built-in rules).
func (w *watcher) rulesPath() string {
	if w.c.noConfig {
		return ""
	}
	if w.c.config != "" {
		return w.c.config
	}
	wd, _ := os.Getwd()
	return rules.Find(wd)
}

func (w *watcher) rulesName() string {
	if p := w.rulesPath(); p != "" {
		return p
	}
	return "the inputs (built-in rules)"
}

// stamp sums up the rules file and the inputs: names, sizes and times.
func (w *watcher) stamp() string {
	var b strings.Builder
	if p := w.rulesPath(); p != "" {
		b.WriteString(fileStamp(p))
	}
	n := 0
	walk := w.walk
	if len(walk.Extensions) == 0 {
		walk.Extensions = rules.DefaultSettings().Extensions
	}
	input.Walk(w.paths, walk, func(t input.Target) error {
		if t.Path != input.Stdin {
			b.WriteString(fileStamp(t.Path))
			n++
		}
		return nil
	})
	w.files = n
	return b.String()
}

func fileStamp(path string) string {
	st, err := os.Stat(path)
	if err != nil {
		return path + "|missing\n"
	}
	return fmt.Sprintf("%s|%d|%d\n", path, st.Size(), st.ModTime().UnixNano())
}

// what names what changed between two stamps.
func (w *watcher) what(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	var changed []string
	for _, l := range lb {
		if l != "" && !slices.Contains(la, l) {
			name, _, _ := strings.Cut(l, "|")
			changed = append(changed, filepath.Base(name))
		}
	}
	for _, l := range la {
		name, _, _ := strings.Cut(l, "|")
		if l != "" && !strings.Contains(b, name+"|") {
			changed = append(changed, filepath.Base(name)+" (removed)")
		}
	}
	switch {
	case len(changed) == 0:
		return "the inputs"
	case len(changed) > 3:
		return fmt.Sprintf("%s and %d more", strings.Join(changed[:3], ", "), len(changed)-3)
	}
	return strings.Join(changed, ", ")
}

// verdicts scores the inputs as the command does and returns every page's
// lines; nil when the rules do not load (the run has said why).
func (w *watcher) verdicts() map[string][]watchedLine {
	set, err := w.c.loadRules()
	if err != nil {
		return nil
	}
	cfg, err := w.c.runnerConfig(set)
	if err != nil {
		return nil
	}
	w.walk = cfg.Walk
	out := map[string][]watchedLine{}
	runner.Run(context.Background(), cfg, w.paths, func(it *runner.Item) error {
		if it.Err != nil || it.Result == nil {
			return nil
		}
		key := it.Target.Path
		if it.Unit.Record > 0 {
			key = fmt.Sprintf("%s:%d", key, it.Unit.Record)
		}
		ls := out[key] // the parts of a long page come one after another
		for _, v := range it.Result.Verdicts {
			wl := watchedLine{num: v.Num, text: v.Text, verdict: v.Label.String()}
			if v.Label == rules.Noise {
				wl.verdict += ":" + v.Category
			}
			if r := v.Rule(); r != nil {
				wl.rule = r.ID
			}
			ls = append(ls, wl)
		}
		out[key] = ls
		return nil
	})
	return out
}

// maxFlipsShown bounds the flipped lines printed after one run.
const maxFlipsShown = 200

// printFlips prints the lines whose verdict differs between two runs. A line
// is the same line when its number and its text are unchanged.
func printFlips(w io.Writer, prev, cur map[string][]watchedLine) {
	keys := make([]string, 0, len(cur))
	for k := range cur {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var lines []string
	for _, k := range keys {
		old := map[int]watchedLine{}
		for _, l := range prev[k] {
			old[l.num] = l
		}
		for _, l := range cur[k] {
			o, ok := old[l.num]
			if !ok || o.text != l.text || o.verdict == l.verdict {
				continue
			}
			rule := l.rule
			if rule == "" {
				rule = o.rule
			}
			lines = append(lines, fmt.Sprintf("  %s:%d: %s → %s [%s] %s", k, l.num, o.verdict, l.verdict, rule, report.Quote(l.text, 80)))
		}
	}
	switch len(lines) {
	case 0:
		fmt.Fprintln(w, "no line flipped since the last run")
		return
	case 1:
		fmt.Fprintln(w, "1 line flipped since the last run:")
	default:
		fmt.Fprintf(w, "%d lines flipped since the last run:\n", len(lines))
	}
	for i, l := range lines {
		if i == maxFlipsShown {
			fmt.Fprintf(w, "  … and %d more\n", len(lines)-maxFlipsShown)
			break
		}
		fmt.Fprintln(w, l)
	}
}

package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/newslint/newslint/corpus"
	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/rules"
	"github.com/newslint/newslint/runner"
)

// common holds the flags every command that reads pages shares.
type common struct {
	config      string
	noConfig    bool
	ext         string
	include     listFlag
	exclude     listFlag
	inputFormat string
	field       string
	readability bool
	color       string
	workers     int
	corpus      bool
	maxLines    int
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.config, "config", "", "rules file (default: .newslint.yaml or rules.yaml in this directory or a parent, else the built-in rules)")
	fs.BoolVar(&c.noConfig, "no-config", false, "use the built-in rules only; do not look for a rules file")
	fs.StringVar(&c.ext, "ext", "", "comma-separated extensions read from directories, each also compressed (.gz, .zst) (default from rules.yaml settings, else every kind newslint reads)")
	fs.Var(&c.include, "include", "read only files matching this glob (repeatable)")
	fs.Var(&c.exclude, "exclude", "skip files matching this glob (repeatable)")
	fs.StringVar(&c.inputFormat, "input-format", "", "force the input format: text, html, json, jsonl or warc (default: by extension, after a .gz or .zst)")
	fs.StringVar(&c.field, "field", "", "dotted path of the text field in JSON records (default: text, content, body, articleBody, maintext)")
	fs.BoolVar(&c.readability, "readability", true, "use the readability library as evidence for HTML input")
	fs.StringVar(&c.color, "color", "auto", "colour output: auto, always or never (NO_COLOR is honoured)")
	fs.IntVar(&c.workers, "j", 0, "files scored in parallel (default: one per CPU)")
	fs.IntVar(&c.maxLines, "max-page-lines", runner.DefaultMaxPageLines, "score a page with more lines in parts of this many lines, each on its own, in bounded memory; lint fails such a page (gate max-page-lines); 0: every page whole, in memory that grows with it")
	fs.BoolVar(&c.corpus, "corpus", false, "corpus mode: read the inputs twice, first to count the lines that recur across the pages of each site (a site is the first folder under a directory argument, or the URL host of a JSON record or HTML page), as evidence of template")
}

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// loadRules returns the rule set the flags select.
func (c *common) loadRules() (*rules.Set, error) {
	if c.noConfig {
		return rules.Default()
	}
	path := c.config
	if path == "" {
		wd, _ := os.Getwd()
		path = rules.Find(wd)
	}
	return rules.Load(path)
}

// runnerConfig builds the runner configuration for set.
func (c *common) runnerConfig(set *rules.Set) (runner.Config, error) {
	if c.maxLines < 0 {
		return runner.Config{}, fmt.Errorf("--max-page-lines must not be negative, got %d", c.maxLines)
	}
	cfg := runner.Config{Engine: detect.New(set), Workers: c.workers, Site: corpus.SiteOf, Corpus: c.corpus, Overrides: set.Settings.Overrides,
		MaxPageLines: c.maxLines}
	cfg.Walk.Extensions = set.Settings.Extensions
	if c.ext != "" {
		cfg.Walk.Extensions = nil
		for _, e := range strings.Split(c.ext, ",") {
			e = strings.ToLower(strings.TrimSpace(e))
			if e == "" {
				continue
			}
			if !strings.HasPrefix(e, ".") {
				e = "." + e
			}
			cfg.Walk.Extensions = append(cfg.Walk.Extensions, e)
		}
	}
	cfg.Walk.Include, cfg.Walk.Exclude = c.include, c.exclude
	cfg.Read.Field = c.field
	cfg.Read.Readability = c.readability
	if c.inputFormat != "" {
		f, err := input.ParseFormat(c.inputFormat)
		if err != nil {
			return cfg, err
		}
		cfg.Read.Format = &f
	}
	return cfg, nil
}

// style returns the terminal style for w.
func (c *common) style(w io.Writer) report.Style {
	switch c.color {
	case "always":
		return report.Style{Color: true}
	case "never":
		return report.Style{}
	}
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return report.Style{}
	}
	return report.Style{Color: isTerminal(w)}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// fail prints an error for the user and returns the error exit code.
func fail(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "newslint: %v\n", err)
	return exitError
}

// refuseInputs returns an error when one of outputs, files a command is
// about to write, is an input that args name or that a walk of them reads:
// writing it would destroy the input.
func refuseInputs(args []string, walk input.WalkOptions, outputs ...string) error {
	var outs []string
	var infos []os.FileInfo
	for _, o := range outputs {
		if o == "" || o == input.Stdin {
			continue
		}
		if st, err := os.Stat(o); err == nil {
			outs, infos = append(outs, o), append(infos, st)
		}
	}
	if len(outs) == 0 {
		return nil // files that do not exist yet are no inputs
	}
	return input.Walk(args, walk, func(t input.Target) error {
		if t.Err != nil || t.Path == input.Stdin {
			return nil
		}
		st, err := os.Stat(t.Path)
		if err != nil {
			return nil
		}
		for i, o := range outs {
			if os.SameFile(st, infos[i]) {
				return fmt.Errorf("%s: refusing to overwrite an input (%s) with a report; write the report elsewhere", o, t.Path)
			}
		}
		return nil
	})
}

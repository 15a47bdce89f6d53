// Package runner scores many files on every core and hands the results back
// in input order. Files are read and split into units (a page, or a record of
// a JSON Lines file) by one goroutine; workers parse and score the units;
// results are delivered one at a time, in order, so output is deterministic.
package runner

import (
	"context"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/newslint/newslint/corpus"
	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/page"
	"github.com/newslint/newslint/rules"
)

// Config says what to read and how to score it.
type Config struct {
	Engine  *detect.Engine
	Walk    input.WalkOptions
	Read    input.Options
	Workers int // 0: one per CPU
	// Detect, when set, is passed to the engine for every page.
	Detect detect.Options
	// Site, when set, names the site (page.Meta.Site) of pages whose input
	// names none; corpus.SiteOf is the usual choice.
	Site func(input.Target) string
	// Corpus, when set, makes Run read the inputs once before scoring them
	// and count the lines that recur across the pages of each site (corpus
	// mode): the counts become Detect.SitePages.
	Corpus bool
	// Overrides are the per-path settings of the rule set; their disable
	// lists switch rules off for matching files.
	Overrides []rules.Override
	// StreamStdin delivers each record of JSON Lines on standard input as
	// soon as it (and every record before it) is scored, without waiting
	// for the next one to arrive: a co-process whose client sends one
	// record and waits for the answer. The last item of standard input is
	// then an empty one (no Unit, Page or Result) that marks its end.
	StreamStdin bool
}

// DisabledFor returns the rules that the per-path overrides switch off for
// path, or nil.
func DisabledFor(ovs []rules.Override, path string) map[string]bool {
	var out map[string]bool
	slash := filepath.ToSlash(path)
	for _, o := range ovs {
		if len(o.Disable) == 0 {
			continue
		}
		m1, _ := filepath.Match(o.Glob, slash)
		m2, _ := filepath.Match(o.Glob, filepath.Base(path))
		if !m1 && !m2 {
			continue
		}
		if out == nil {
			out = map[string]bool{}
		}
		for _, id := range o.Disable {
			out[id] = true
		}
	}
	return out
}

// Item is one scored unit, or a file that could not be read.
type Item struct {
	Target input.Target
	Unit   input.Unit // Raw and Record of the unit
	Page   *page.Page
	Result *detect.Result
	// Err is set when the file (Unit.Record == 0) or the record could not be
	// read or parsed; Page and Result are nil then.
	Err error
	// Last is true on the last item of a file (with Config.StreamStdin, the
	// last item of streamed standard input carries nothing else).
	Last bool
	// First is true on the first item of a file.
	First bool
}

type job struct {
	seq  int
	item Item
	done chan struct{}
}

// Run reads args and calls fn with every item in input order. fn runs on
// one goroutine at a time. If fn returns an error, Run stops and returns it.
// When args name no file at all (an empty directory, or none of the
// extensions read), Run returns input.NoInput's error, which wraps
// input.ErrNoInput.
func Run(ctx context.Context, cfg Config, args []string, fn func(*Item) error) error {
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if cfg.Corpus {
		if cfg.Site == nil {
			cfg.Site = corpus.SiteOf
		}
		counts, err := corpus.Count(ctx, corpus.Config{Walk: cfg.Walk, Read: cfg.Read, Workers: workers, Site: cfg.Site}, args)
		if err != nil {
			return err
		}
		cfg.Detect.SitePages = counts
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// In flight: bounded, so memory stays flat on huge inputs.
	ordered := make(chan *job, workers*8)
	work := make(chan *job, workers*8)

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				process(cfg, j)
				close(j.done)
			}
		}()
	}

	var readErr error
	go func() {
		defer close(ordered)
		defer close(work)
		seq := 0
		// A job goes to the workers before it is queued for fn: a queued
		// job whose done is never closed would block the loop below for
		// ever when the run stops between the two.
		send := func(j *job) bool {
			j.seq = seq
			seq++
			select {
			case work <- j:
			case <-ctx.Done():
				return false
			}
			select {
			case ordered <- j:
			case <-ctx.Done():
				return false
			}
			return true
		}
		found := 0
		readErr = input.Walk(args, cfg.Walk, func(t input.Target) error {
			found++
			if t.Err != nil {
				j := &job{item: Item{Target: t, Err: t.Err, First: true, Last: true}, done: make(chan struct{})}
				if !send(j) {
					return ctx.Err()
				}
				return nil
			}
			var prev *job
			first, streamed := true, false
			stream := cfg.StreamStdin && t.Path == input.Stdin
			err := input.Units(t, cfg.Read, func(u input.Unit) error {
				if prev != nil && !send(prev) {
					return ctx.Err()
				}
				prev = &job{item: Item{Target: t, Unit: u, First: first}, done: make(chan struct{})}
				first = false
				if stream && u.Format == input.JSONL {
					// Send it now: whether it is the last may not be
					// known before its answer is.
					j := prev
					prev, streamed = nil, true
					if !send(j) {
						return ctx.Err()
					}
				}
				return nil
			})
			if err != nil {
				if prev != nil && !send(prev) {
					return ctx.Err()
				}
				// The error ends the file: report it after what was read.
				j := &job{item: Item{Target: t, Err: err, First: first, Last: true}, done: make(chan struct{})}
				if !send(j) {
					return ctx.Err()
				}
				return nil
			}
			if prev == nil && streamed { // the end of streamed records
				prev = &job{item: Item{Target: t}, done: make(chan struct{})}
			}
			if prev == nil { // an empty JSON file: no units
				prev = &job{item: Item{Target: t, First: true}, done: make(chan struct{})}
				prev.item.Page = &page.Page{Path: t.Path}
				prev.item.Result = cfg.Engine.Run(prev.item.Page, cfg.Detect)
			}
			prev.item.Last = true
			if !send(prev) {
				return ctx.Err()
			}
			return nil
		})
		if readErr == nil && found == 0 {
			readErr = input.NoInput(args, cfg.Walk)
		}
	}()

	var err error
	for j := range ordered {
		<-j.done
		if err == nil {
			if err = fn(&j.item); err != nil {
				cancel()
			}
		}
	}
	wg.Wait()
	if err != nil {
		return err
	}
	if readErr != nil && ctx.Err() == nil {
		return readErr
	}
	return nil
}

func process(cfg Config, j *job) {
	it := &j.item
	if it.Err != nil || it.Result != nil || it.Unit.Parse == nil {
		return
	}
	p, err := it.Unit.Parse()
	if err != nil {
		it.Err = err
		return
	}
	if p.Record == 0 {
		p.Record = it.Unit.Record
	}
	if p.Meta.Site == "" && cfg.Site != nil {
		p.Meta.Site = cfg.Site(it.Target)
	}
	it.Page = p
	opt := cfg.Detect
	if d := DisabledFor(cfg.Overrides, it.Target.Path); d != nil {
		opt.Disabled = d
	}
	it.Result = cfg.Engine.Run(p, opt)
}

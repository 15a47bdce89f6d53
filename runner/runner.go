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
	// MaxPageLines, when above 0, is the most lines of a page scored at
	// once: a longer page is scored in parts of that many lines, each on
	// its own (see page.Page.Part), and fn gets an item for each part, in
	// order. A page's memory is then that of its text and of a few parts,
	// however long it is.
	MaxPageLines int
}

// DefaultMaxPageLines is the default of Config.MaxPageLines for the
// commands: twenty times the longest page of the bench (a thread, a ticker
// or a dump of that length is not one article), and what a worker scores
// in about 100 MB.
const DefaultMaxPageLines = 100_000

// readAhead bounds the bytes of input read but not yet handed to fn: files
// are read whole, and without a bound the reader would run ahead by
// workers×8 files, however big.
const readAhead = 256 << 20

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
	// parts, set before done is closed, carries the items of a page
	// scored in parts, in order; it is closed after the last.
	parts chan *Item
	size  int // bytes of input held, given back to the budget when fn is done
}

// budget bounds the bytes of input in flight (see readAhead). Its tokens
// stand for a MiB each.
type budget chan struct{}

const budgetUnit = 1 << 20

// tokens returns the tokens n bytes take: at least one, at most all.
func (b budget) tokens(n int) int { return min(max(n/budgetUnit, 1), cap(b)) }

// take waits for the tokens of n bytes; it reports false when ctx ends first.
func (b budget) take(ctx context.Context, n int) bool {
	for range b.tokens(n) {
		select {
		case b <- struct{}{}:
		case <-ctx.Done():
			return false
		}
	}
	return true
}

// give returns the tokens of n bytes.
func (b budget) give(n int) {
	for range b.tokens(n) {
		<-b
	}
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
	held := make(budget, readAhead/budgetUnit)

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				process(ctx, cfg, j)
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
			j.size = len(j.item.Unit.Raw)
			if !held.take(ctx, j.size) {
				return false
			}
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
		if j.parts == nil {
			if err == nil {
				if err = fn(&j.item); err != nil {
					cancel()
				}
			}
		} else {
			for it := range j.parts { // drained after an error too
				if err == nil {
					if err = fn(it); err != nil {
						cancel()
					}
				}
			}
		}
		held.give(j.size)
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

// process parses and scores job j, and closes j.done: at once with the
// result in j.item, or, for a page scored in parts, after it set j.parts,
// which it then fills part by part as fn takes them.
func process(ctx context.Context, cfg Config, j *job) {
	it := &j.item
	if it.Err != nil || it.Result != nil || it.Unit.Parse == nil {
		close(j.done)
		return
	}
	opt := cfg.Detect
	if d := DisabledFor(cfg.Overrides, it.Target.Path); d != nil {
		opt.Disabled = d
	}
	score := func(p *page.Page) *Item {
		if p.Record == 0 {
			p.Record = it.Unit.Record
		}
		if p.Meta.Site == "" && cfg.Site != nil {
			p.Meta.Site = cfg.Site(it.Target)
		}
		part := *it
		part.Page, part.Result = p, cfg.Engine.Run(p, opt)
		return &part
	}
	err := it.Unit.Pages(cfg.MaxPageLines, func(p *page.Page) error {
		if p.Part == 0 {
			*it = *score(p)
			return nil
		}
		part := score(p)
		part.First = it.First && p.Part == 1
		part.Last = it.Last && p.Part == p.Parts
		if p.Part == 1 {
			j.parts = make(chan *Item, 1)
			close(j.done)
		}
		select {
		case j.parts <- part:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	if j.parts != nil {
		close(j.parts)
		return
	}
	if err != nil {
		it.Err = err
	}
	close(j.done)
}

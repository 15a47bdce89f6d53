package pipeline

import (
	"context"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/newslint/newslint/clean"
	"github.com/newslint/newslint/corpus"
	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/report"
	"github.com/newslint/newslint/rules"
	"github.com/newslint/newslint/runner"
)

func init() {
	register.DoFn4x0[context.Context, Record, func([]byte), func(string, siteStats)](&cleanFn{})
	register.DoFn5x0[context.Context, Record, func(string) func(*siteCount) bool, func([]byte), func(string, siteStats)](&corpusCleanFn{})
	register.Emitter1[[]byte]()
	register.Emitter2[string, siteStats]()
	register.Iter1[siteCount]()
	register.Function2x1(mergeStats)
}

// malformed counts the records copied unchanged because they could not be
// cleaned (invalid JSON, no text field), as the command reports them.
var malformed = beam.NewCounter("newslint", "malformed_records")

// cleanOptions are the settings every worker gets with the job: exported,
// so that Beam serialises them with the DoFn.
type cleanOptions struct {
	Rules       []byte // the rules file's bytes
	RulesName   string // its name; "" for the built-in rules
	Keep        string
	Field       string
	Readability bool
}

func (o cleanOptions) readOptions() input.Options {
	return input.Options{Field: o.Field, Readability: o.Readability, NoSourceLines: true}
}

// scorer is what a worker builds once from cleanOptions.
type scorer struct {
	set  *rules.Set
	eng  *detect.Engine
	keep []rules.Label
	gate report.Gate
}

func newScorer(o cleanOptions) (*scorer, error) {
	set, err := loadRules(o.Rules, o.RulesName)
	if err != nil {
		return nil, err
	}
	keep := set.Settings.Keep
	if o.Keep != "" {
		if keep, err = rules.ParseLabels(o.Keep); err != nil {
			return nil, err
		}
	}
	return &scorer{set: set, eng: detect.New(set), keep: keep, gate: report.GateFrom(set.Settings)}, nil
}

// clean scores one record with the site evidence counts (nil: none) and
// emits the cleaned record and its page's summary for its site. A record
// that cannot be cleaned is emitted unchanged and logged.
func (sc *scorer) clean(ctx context.Context, o cleanOptions, rec Record, counts func(site string) detect.SiteCounts, emit func([]byte), emitSite func(string, siteStats)) {
	p, err := input.ParseRecord(rec.Path, int(rec.Line), rec.Raw, o.readOptions())
	if err != nil {
		malformed.Inc(ctx, 1)
		log.Warnf(ctx, "%v; the record is copied unchanged", err)
		emit(rec.Raw)
		return
	}
	p.Meta.Site = siteOf(p, rec.Path)
	opt := detect.Options{Disabled: runner.DisabledFor(sc.set.Settings.Overrides, rec.Path)}
	if counts != nil {
		opt.SitePages = counts(p.Meta.Site)
	}
	// Every finding counts for the summaries; the labels, and so the
	// cleaned text, are those of LabelsOnly.
	res := sc.eng.Run(p, opt)
	out, err := clean.Record(rec.Raw, res, clean.RecordOptions{Options: clean.Options{Keep: sc.keep}, Field: o.Field})
	if err != nil { // parsed above: cannot happen
		malformed.Inc(ctx, 1)
		log.Warnf(ctx, "%s:%d: %v; the record is copied unchanged", rec.Path, rec.Line, err)
		out = rec.Raw
	}
	emit(out)
	emitSite(p.Meta.Site, statsOf(report.NewPage(res, sc.gate)))
}

// cleanFn cleans records without site evidence.
type cleanFn struct {
	cleanOptions
	sc *scorer
}

func (f *cleanFn) Setup() error {
	var err error
	f.sc, err = newScorer(f.cleanOptions)
	return err
}

func (f *cleanFn) ProcessElement(ctx context.Context, rec Record, emit func([]byte), emitSite func(string, siteStats)) {
	f.sc.clean(ctx, f.cleanOptions, rec, nil, emit, emitSite)
}

// corpusCleanFn cleans records with their site's table of recurring lines,
// a side input keyed by site.
type corpusCleanFn struct {
	cleanOptions
	sc     *scorer
	tables map[string]*corpus.Table
}

func (f *corpusCleanFn) Setup() error {
	var err error
	f.sc, err = newScorer(f.cleanOptions)
	return err
}

// maxTables bounds the sites' tables a worker keeps read.
const maxTables = 1024

func (f *corpusCleanFn) ProcessElement(ctx context.Context, rec Record, table func(string) func(*siteCount) bool, emit func([]byte), emitSite func(string, siteStats)) {
	counts := func(site string) detect.SiteCounts {
		// The side input is the same for every bundle of the (global,
		// batch) window: a site's table is read once, not per record.
		t, ok := f.tables[site]
		if !ok {
			if f.tables == nil || len(f.tables) >= maxTables {
				f.tables = map[string]*corpus.Table{}
			}
			t = tableOf(site, table(site))
			f.tables[site] = t
		}
		return t
	}
	f.sc.clean(ctx, f.cleanOptions, rec, counts, emit, emitSite)
}

// siteStats sum the summaries of a site's pages.
type siteStats struct {
	Pages, Lines, Content, Title, Meta, Noise, Failing int64
	Rules                                              map[string]int64 // findings at warning level or above, per rule
}

func statsOf(p *report.Page) siteStats {
	s := siteStats{Pages: 1, Lines: int64(p.Summary.Lines), Content: int64(p.Summary.Content), Title: int64(p.Summary.Title),
		Meta: int64(p.Summary.Meta), Noise: int64(p.Summary.Noise)}
	if p.Failed {
		s.Failing = 1
	}
	for i := range p.Finds {
		if f := &p.Finds[i]; f.Severity >= rules.Warning {
			if s.Rules == nil {
				s.Rules = map[string]int64{}
			}
			s.Rules[f.RuleID()]++
		}
	}
	return s
}

func mergeStats(a, b siteStats) siteStats {
	out := siteStats{Pages: a.Pages + b.Pages, Lines: a.Lines + b.Lines, Content: a.Content + b.Content, Title: a.Title + b.Title,
		Meta: a.Meta + b.Meta, Noise: a.Noise + b.Noise, Failing: a.Failing + b.Failing}
	if len(a.Rules)+len(b.Rules) > 0 {
		out.Rules = make(map[string]int64, len(a.Rules)+len(b.Rules))
		for k, v := range a.Rules {
			out.Rules[k] += v
		}
		for k, v := range b.Rules {
			out.Rules[k] += v
		}
	}
	return out
}

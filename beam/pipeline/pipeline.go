// Package pipeline is newslint's Apache Beam pipeline: it cleans JSON Lines
// records of scraped pages on any Beam runner, as `newslint clean` does on
// one machine, record for record and byte for byte.
//
// Records are read whole files at a time (so every record keeps its file and
// line, and lines are split exactly as the command splits them) and then
// spread over the workers. In corpus mode a first pass counts, per site, the
// pages each line occurs on (a Combine per key over corpus.KeysOf, one page
// per distinct text), keeps the lines found on two pages or more and hands
// them to the scoring step as a side input keyed by site. The rules travel
// with the job as the bytes of the rules file, parsed once per worker.
package pipeline

import (
	"fmt"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/stats"
	"github.com/newslint/newslint/rules"
)

// Config is what a run of the pipeline reads, how it cleans and where it
// writes.
type Config struct {
	// Input is a glob of JSON Lines files (local, gs:// ...).
	Input string
	// Output is the prefix of the cleaned records' files:
	// PREFIX-SSSSS-of-NNNNN.jsonl.
	Output string
	// Shards is the number of output files (default 1).
	Shards int
	// Sites is the file of per-site summaries, one JSON object per line
	// (default Output + ".sites.jsonl").
	Sites string
	// Corpus counts the lines that recur across each site's pages first, as
	// `newslint clean --corpus` does.
	Corpus bool
	// Rules is the rules file's content and RulesName its name (for
	// messages); RulesName "" uses the built-in rules alone. Check them with
	// CheckRules before building the pipeline.
	Rules     []byte
	RulesName string
	// Keep is the comma list of labels kept (default the rules' settings:
	// title,content).
	Keep string
	// Field is the dotted path of the text field ("" finds it among the
	// common names).
	Field string
	// NoReadability turns off the readability library's evidence for HTML,
	// as `--readability=false` does.
	NoReadability bool
}

// CheckRules parses the rules and the labels to keep as the workers will,
// so that a broken rules file fails the job before its first record, with
// the file, line and column of the error.
func (c Config) CheckRules() error {
	if _, err := loadRules(c.Rules, c.RulesName); err != nil {
		return err
	}
	if c.Keep != "" {
		if _, err := rules.ParseLabels(c.Keep); err != nil {
			return fmt.Errorf("--keep: %w", err)
		}
	}
	return nil
}

// loadRules builds the rule set from a rules file's bytes, or the built-in
// rules for name "".
func loadRules(data []byte, name string) (*rules.Set, error) {
	if name == "" {
		return rules.Default()
	}
	return rules.Parse(data, name)
}

// SitesPath is where the per-site summaries go.
func (c Config) SitesPath() string {
	if c.Sites != "" {
		return c.Sites
	}
	return c.Output + ".sites.jsonl"
}

// ShardPattern is a glob of the output files of a run with prefix.
func ShardPattern(prefix string) string { return prefix + "-*-of-*.jsonl" }

// Build adds the pipeline to scope s.
func Build(s beam.Scope, cfg Config) {
	if cfg.Shards <= 0 {
		cfg.Shards = 1
	}
	s = s.Scope("newslint")
	files := fileio.ReadMatches(s, fileio.MatchFiles(s, cfg.Input, fileio.MatchEmptyDisallow()), fileio.ReadUncompressed())
	// A file is read by one worker; its records are then spread over all.
	records := beam.Reshuffle(s, beam.ParDo(s, &readFn{}, files))

	opts := cleanOptions{Rules: cfg.Rules, RulesName: cfg.RulesName, Keep: cfg.Keep, Field: cfg.Field, Readability: !cfg.NoReadability}
	var cleaned, sites beam.PCollection
	if cfg.Corpus {
		table := siteTable(s.Scope("corpus"), opts, records)
		cleaned, sites = beam.ParDo2(s, &corpusCleanFn{cleanOptions: opts}, records, beam.SideInput{Input: table})
	} else {
		cleaned, sites = beam.ParDo2(s, &cleanFn{cleanOptions: opts}, records)
	}
	writeShards(s.Scope("write"), cfg.Output, cfg.Shards, cleaned)
	writeSites(s.Scope("sites"), cfg.SitesPath(), beam.CombinePerKey(s, mergeStats, sites))
}

// siteTable is the first pass of corpus mode: the pages of each site and
// the lines found on MinPages of them or more, as KV<site, siteCount>.
func siteTable(s beam.Scope, opts cleanOptions, records beam.PCollection) beam.PCollection {
	keys := beam.ParDo(s, &keysFn{cleanOptions: opts}, records)        // KV<body, pageKeys>
	pages := beam.CombinePerKey(s, pickPage, keys)                     // one page per distinct text
	counts := stats.SumPerKey(s, beam.ParDo(s, &countKeysFn{}, pages)) // KV<count key, pages>
	return beam.ParDo(s, frequent, counts)                             // KV<site, siteCount>
}

// The keys of the first pass's counts, strings for the runner's shuffle:
// the pages of a site ("S" + site) or the pages of a site holding a line
// key ("L" + the key in 16 hex digits + site).
func lineCountKey(site string, key uint64) string { return fmt.Sprintf("L%016x%s", key, site) }
func sizeCountKey(site string) string             { return "S" + site }

func parseCountKey(k string) (site string, key uint64, size bool, err error) {
	switch {
	case strings.HasPrefix(k, "S"):
		return k[1:], 0, true, nil
	case strings.HasPrefix(k, "L") && len(k) >= 17:
		_, err := fmt.Sscanf(k[1:17], "%016x", &key)
		return k[17:], key, false, err
	}
	return "", 0, false, fmt.Errorf("bad count key %q", k)
}

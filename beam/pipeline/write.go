package pipeline

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"sort"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

func init() {
	register.DoFn2x0[[]byte, func(int, []byte)](&shardFn{})
	register.Emitter2[int, []byte]()
	register.DoFn3x1[context.Context, int, func(*[]byte) bool, error](&writeShardFn{})
	register.Iter1[[]byte]()
	register.Function2x1(toSiteEntry)
	register.DoFn3x1[context.Context, int, func(*siteEntry) bool, error](&writeSitesFn{})
	register.Iter1[siteEntry]()
}

// writeShards writes the records to shards files PREFIX-SSSSS-of-NNNNN.jsonl,
// one record per line; a record goes to the shard its bytes hash to.
func writeShards(s beam.Scope, prefix string, shards int, records beam.PCollection) {
	filesystem.ValidateScheme(prefix)
	keyed := beam.ParDo(s, &shardFn{Shards: shards}, records)
	beam.ParDo0(s, &writeShardFn{Prefix: prefix, Shards: shards}, beam.GroupByKey(s, keyed))
}

// ShardName is the name of shard i of n.
func ShardName(prefix string, i, n int) string {
	return fmt.Sprintf("%s-%05d-of-%05d.jsonl", prefix, i, n)
}

type shardFn struct {
	Shards int
}

func (f *shardFn) ProcessElement(rec []byte, emit func(int, []byte)) {
	h := fnv.New32a()
	h.Write(rec)
	emit(int(h.Sum32()%uint32(f.Shards)), rec)
}

type writeShardFn struct {
	Prefix string
	Shards int
}

func (f *writeShardFn) ProcessElement(ctx context.Context, shard int, records func(*[]byte) bool) error {
	return writeFile(ctx, ShardName(f.Prefix, shard, f.Shards), func(w *bufio.Writer) error {
		var rec []byte
		for records(&rec) {
			w.Write(rec)
			if err := w.WriteByte('\n'); err != nil {
				return err
			}
		}
		return nil
	})
}

// writeFile writes a file through Beam's file systems: to a temporary name
// renamed over path when the file system can rename (local files, GCS), so
// that a retried bundle never leaves half a file.
func writeFile(ctx context.Context, path string, write func(*bufio.Writer) error) error {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return err
	}
	defer fs.Close()
	renamer, canRename := fs.(filesystem.Renamer)
	tmp := path
	if canRename {
		tmp = path + ".tmp"
	}
	fd, err := fs.OpenWrite(ctx, tmp)
	if err != nil {
		return fmt.Errorf("%s: %w", tmp, err)
	}
	w := bufio.NewWriterSize(fd, 1<<20)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := fd.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", tmp, err)
	}
	if canRename {
		if err := renamer.Rename(ctx, tmp, path); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	return nil
}

// writeSites writes the per-site summaries, sorted by site, to one file.
func writeSites(s beam.Scope, path string, sites beam.PCollection) {
	filesystem.ValidateScheme(path)
	entries := beam.ParDo(s, toSiteEntry, sites)
	beam.ParDo0(s, &writeSitesFn{Path: path}, beam.GroupByKey(s, beam.AddFixedKey(s, entries)))
}

// siteEntry is a site's summed stats as one value, to be gathered with the
// others under one key.
type siteEntry struct {
	Site  string
	Stats siteStats
}

func toSiteEntry(site string, st siteStats) siteEntry { return siteEntry{site, st} }

// SiteSummary is one line of the per-site summaries: as `newslint lint
// --by-site` counts a site's pages, lines, noise and failing pages, and
// the rules with the most findings at warning level or above.
type SiteSummary struct {
	Site       string      `json:"site"`
	Pages      int64       `json:"pages"`
	Lines      int64       `json:"lines"`
	Content    int64       `json:"content"`
	Title      int64       `json:"title"`
	Meta       int64       `json:"meta"`
	Noise      int64       `json:"noise"`
	NoiseRatio float64     `json:"noise_ratio"`
	Failing    int64       `json:"failing_pages"`
	TopRules   []RuleCount `json:"top_rules"`
}

// RuleCount is a rule and its findings on a site.
type RuleCount struct {
	Rule     string `json:"rule"`
	Findings int64  `json:"findings"`
}

// topRules is how many rules a site summary lists.
const topRules = 5

type writeSitesFn struct {
	Path string
}

func (f *writeSitesFn) ProcessElement(ctx context.Context, _ int, sites func(*siteEntry) bool) error {
	all := map[string]siteStats{}
	var e siteEntry
	for sites(&e) {
		all[e.Site] = e.Stats
		e = siteEntry{}
	}
	return writeFile(ctx, f.Path, func(w *bufio.Writer) error {
		for _, site := range sortedSites(all) {
			if err := writeSummary(w, summaryOf(site, all[site])); err != nil {
				return err
			}
		}
		return nil
	})
}

func summaryOf(site string, st siteStats) SiteSummary {
	sum := SiteSummary{Site: site, Pages: st.Pages, Lines: st.Lines, Content: st.Content, Title: st.Title, Meta: st.Meta,
		Noise: st.Noise, Failing: st.Failing, TopRules: []RuleCount{}}
	if st.Lines > 0 {
		sum.NoiseRatio = math.Round(1000*float64(st.Noise)/float64(st.Lines)) / 1000
	}
	for r, n := range st.Rules {
		sum.TopRules = append(sum.TopRules, RuleCount{r, n})
	}
	sort.Slice(sum.TopRules, func(i, j int) bool {
		a, b := sum.TopRules[i], sum.TopRules[j]
		if a.Findings != b.Findings {
			return a.Findings > b.Findings
		}
		return a.Rule < b.Rule
	})
	if len(sum.TopRules) > topRules {
		sum.TopRules = sum.TopRules[:topRules]
	}
	return sum
}

func writeSummary(w io.Writer, s SiteSummary) error {
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

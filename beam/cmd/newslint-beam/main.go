// Command newslint-beam cleans JSON Lines records of scraped pages with
// Apache Beam, on the local prism runner or on Dataflow, Flink or Spark:
//
//	newslint-beam --input 'GLOB' --output PREFIX [--corpus] [--config FILE] \
//	    [--keep LABELS] [--field PATH] [--shards N] [--sites FILE] --runner=prism
//
// The records go to PREFIX-SSSSS-of-NNNNN.jsonl; as a multiset they are
// byte for byte what `newslint clean [--corpus] --keep LABELS FILE...`
// prints. Per-site summaries go to PREFIX.sites.jsonl (or --sites).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	"github.com/newslint/newslint/beam/pipeline"
)

var (
	inputGlob     = flag.String("input", "", "glob of the JSON Lines files to clean (local path, gs://...)")
	output        = flag.String("output", "", "prefix of the output files: PREFIX-SSSSS-of-NNNNN.jsonl")
	shards        = flag.Int("shards", 1, "number of output files")
	sites         = flag.String("sites", "", "file of per-site summaries, one JSON object per line (default PREFIX.sites.jsonl)")
	corpusMode    = flag.Bool("corpus", false, "count the lines that recur across the pages of each site first, as evidence of template (newslint clean --corpus)")
	config        = flag.String("config", "", "rules file, read here and shipped with the job (default: the built-in rules)")
	keep          = flag.String("keep", "", "comma-separated labels to keep: title, content, meta, noise (default from the rules: title,content)")
	field         = flag.String("field", "", "dotted path of the text field (default: text, content, body, articleBody, maintext)")
	noReadability = flag.Bool("no-readability", false, "do not use the readability library as evidence for HTML (newslint --readability=false)")
)

func main() {
	flag.Parse()
	beam.Init()
	os.Exit(run(context.Background()))
}

func run(ctx context.Context) int {
	if *inputGlob == "" || *output == "" {
		fmt.Fprintln(os.Stderr, "newslint-beam: --input and --output are required")
		flag.Usage()
		return 2
	}
	cfg := pipeline.Config{Input: *inputGlob, Output: *output, Shards: *shards, Sites: *sites, Corpus: *corpusMode,
		Keep: *keep, Field: *field, NoReadability: *noReadability}
	if *config != "" {
		data, err := os.ReadFile(*config)
		if err != nil {
			return fail(fmt.Errorf("rules: %w", err))
		}
		cfg.Rules, cfg.RulesName = data, *config
	}
	if err := cfg.CheckRules(); err != nil {
		return fail(err)
	}
	if err := refuseOldOutput(ctx, *output); err != nil {
		return fail(err)
	}
	p, s := beam.NewPipelineWithRoot()
	pipeline.Build(s, cfg)
	res, err := beamx.RunWithMetrics(ctx, p)
	if err != nil {
		return fail(err)
	}
	code := 0
	if res != nil {
		for _, c := range res.Metrics().AllMetrics().Counters() {
			if c.Namespace() != "newslint" || c.Result() == 0 {
				continue
			}
			switch c.Name() {
			case "malformed_records":
				fmt.Fprintf(os.Stderr, "newslint-beam: %d records could not be cleaned and were copied unchanged (the workers' log names each)\n", c.Result())
				code = 2
			case "unreadable_files":
				fmt.Fprintf(os.Stderr, "newslint-beam: %d files could not be read to their end (the workers' log names each)\n", c.Result())
				code = 2
			}
		}
	}
	return code
}

// refuseOldOutput fails when files of an earlier run with the same prefix
// exist: a shard this run leaves empty would not replace its old file, and
// the output would mix two runs.
func refuseOldOutput(ctx context.Context, prefix string) error {
	fs, err := filesystem.New(ctx, prefix)
	if err != nil {
		return err
	}
	defer fs.Close()
	old, err := fs.List(ctx, pipeline.ShardPattern(prefix))
	if err != nil {
		return err
	}
	if len(old) > 0 {
		return fmt.Errorf("%s and %d more: output of an earlier run; remove it or choose another --output", old[0], len(old)-1)
	}
	return nil
}

func fail(err error) int {
	fmt.Fprintf(os.Stderr, "newslint-beam: %v\n", err)
	return 2
}

package pipeline_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/newslint/newslint/beam/pipeline"
)

// The test records (testdata/README.md) are real pages of several sites:
// four articles of one site and the same article again under another URL,
// three pages of another site, the record fixtures of the command's tests
// (malformed records, HTML in a text field, nested authors), and in a second
// directory three pages of a third site without URLs, whose site is their
// directory's name.
const (
	newsFile = "../testdata/crawl/news.jsonl"
	dumpFile = "../testdata/pcworld-dump/pages.jsonl"
)

func TestMain(m *testing.M) {
	beam.Init()
	os.Exit(m.Run())
}

// newslintBin builds the newslint command from the root module.
func newslintBin(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "newslint")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/newslint")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build newslint: %v\n%s", err, out)
	}
	return bin
}

// cli runs `newslint clean ARGS FILE...` and returns the records it writes:
// one file on standard output, several into an --out-dir, concatenated.
func cli(t *testing.T, bin string, args []string, files ...string) []string {
	t.Helper()
	args = append([]string{"clean", "--no-config"}, args...)
	var out []byte
	if len(files) == 1 {
		cmd := exec.Command(bin, append(args, files...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		var err error
		out, err = cmd.Output()
		if code := cmd.ProcessState.ExitCode(); code != 0 && code != 2 {
			t.Fatalf("newslint %v: %v\n%s", args, err, stderr.String())
		}
	} else {
		dir := t.TempDir()
		cmd := exec.Command(bin, append(append(args, "--out-dir", dir), files...)...)
		if msg, err := cmd.CombinedOutput(); cmd.ProcessState.ExitCode() > 2 {
			t.Fatalf("newslint %v: %v\n%s", args, err, msg)
		}
		for _, f := range files {
			b, err := os.ReadFile(filepath.Join(dir, filepath.Base(f)))
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, b...)
		}
	}
	return lines(out)
}

func lines(b []byte) []string {
	out := strings.SplitAfter(string(b), "\n")
	if out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// runBeam runs the pipeline on prism and returns the records of its output
// files and its site summaries.
func runBeam(t *testing.T, cfg pipeline.Config) ([]string, []pipeline.SiteSummary) {
	t.Helper()
	dir := t.TempDir()
	cfg.Output = filepath.Join(dir, "cleaned")
	if err := cfg.CheckRules(); err != nil {
		t.Fatal(err)
	}
	p, s := beam.NewPipelineWithRoot()
	pipeline.Build(s, cfg)
	if _, err := prism.Execute(context.Background(), p); err != nil {
		t.Fatalf("pipeline: %v", err)
	}
	files, err := filepath.Glob(pipeline.ShardPattern(cfg.Output))
	if err != nil || len(files) == 0 || len(files) > max(cfg.Shards, 1) {
		t.Fatalf("output files %v (%v), want up to %d", files, err, cfg.Shards)
	}
	var recs []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, lines(b)...)
	}
	b, err := os.ReadFile(cfg.SitesPath())
	if err != nil {
		t.Fatal(err)
	}
	var sums []pipeline.SiteSummary
	for _, l := range lines(b) {
		var s pipeline.SiteSummary
		if err := json.Unmarshal([]byte(l), &s); err != nil {
			t.Fatalf("site summary %q: %v", l, err)
		}
		sums = append(sums, s)
	}
	return recs, sums
}

// sameRecords compares two multisets of records.
func sameRecords(t *testing.T, got, want []string) {
	t.Helper()
	got, want = slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))
	if len(got) != len(want) {
		t.Errorf("%d records, the command wrote %d", len(got), len(want))
	}
	for _, w := range want {
		if i, ok := slices.BinarySearch(got, w); !ok {
			near := ""
			if i < len(got) {
				near = got[i]
			}
			t.Errorf("the command's record is missing from the pipeline's output:\n want %.300q\n near %.300q", w, near)
		}
	}
}

// TestPipelineMatchesCommand runs the pipeline on prism and compares its
// records with what the command writes for the same input and flags, and
// checks that corpus mode changes verdicts on this input, so that a
// pipeline that dropped the site evidence would fail.
func TestPipelineMatchesCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline on prism")
	}
	bin := newslintBin(t)
	cases := []struct {
		name   string
		cfg    pipeline.Config
		args   []string
		files  []string
		corpus bool
	}{
		{"one file", pipeline.Config{Input: newsFile, Keep: "content", Shards: 3}, []string{"--keep", "content"}, []string{newsFile}, false},
		{"one file, corpus", pipeline.Config{Input: newsFile, Corpus: true}, []string{"--corpus"}, []string{newsFile}, true},
		{"two directories, corpus", pipeline.Config{Input: "../testdata/*/*.jsonl", Corpus: true, Keep: "content", Shards: 2},
			[]string{"--corpus", "--keep", "content"}, []string{newsFile, dumpFile}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := cli(t, bin, c.args, c.files...)
			got, sums := runBeam(t, c.cfg)
			sameRecords(t, got, want)
			if c.corpus {
				plain := cli(t, bin, slices.DeleteFunc(slices.Clone(c.args), func(a string) bool { return a == "--corpus" }), c.files...)
				changed := 0
				for i := range plain {
					if plain[i] != want[i] {
						changed++
					}
				}
				if changed == 0 {
					t.Fatal("--corpus changes no record of the test input: the comparison cannot catch a pipeline without site evidence")
				}
				t.Logf("--corpus changes %d of %d records", changed, len(want))
			}
			checkSummaries(t, bin, c.args, c.files, sums)
		})
	}
}

// checkSummaries compares the per-site summaries with the per-site totals
// of `newslint lint --format json` over the same input.
func checkSummaries(t *testing.T, bin string, args, files []string, sums []pipeline.SiteSummary) {
	t.Helper()
	largs := []string{"lint", "--no-config", "--format", "json"}
	if slices.Contains(args, "--corpus") {
		largs = append(largs, "--corpus")
	}
	out, _ := exec.Command(bin, append(largs, files...)...).Output()
	var rep struct {
		Totals struct {
			Sites []struct {
				Site                                      string
				Pages, Lines, Content, Title, Meta, Noise int64
			}
		}
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("lint --format json: %v", err)
	}
	type counts struct {
		Site                                      string
		Pages, Lines, Content, Title, Meta, Noise int64
	}
	want := map[string]counts{}
	for _, s := range rep.Totals.Sites {
		want[s.Site] = counts{s.Site, s.Pages, s.Lines, s.Content, s.Title, s.Meta, s.Noise}
	}
	if len(sums) != len(want) || len(sums) < 3 {
		t.Errorf("%d site summaries, lint reports %d sites", len(sums), len(want))
	}
	for _, s := range sums {
		if got := (counts{s.Site, s.Pages, s.Lines, s.Content, s.Title, s.Meta, s.Noise}); got != want[s.Site] {
			t.Errorf("site %s: %+v, lint counts %+v", s.Site, got, want[s.Site])
		}
		if s.Failing > 0 && len(s.TopRules) == 0 {
			t.Errorf("site %s: failing pages but no rule listed", s.Site)
		}
	}
}

// TestBrokenRulesFailBeforeRunning checks that a broken rules file is
// refused with its position before the pipeline is built.
func TestBrokenRulesFailBeforeRunning(t *testing.T) {
	cfg := pipeline.Config{Rules: []byte("version: 1\nrules:\n  - id: x\n    kind: pattern\n    patern: ['a']\n"), RulesName: "bad.yaml"}
	err := cfg.CheckRules()
	if err == nil || !strings.Contains(err.Error(), "bad.yaml:5") {
		t.Errorf("CheckRules: %v, want an error at bad.yaml:5", err)
	}
}

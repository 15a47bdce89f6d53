package newslint_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newslint/newslint/clean"
	"github.com/newslint/newslint/detect"
	"github.com/newslint/newslint/eval"
	"github.com/newslint/newslint/input"
	"github.com/newslint/newslint/internal/heldout"
	"github.com/newslint/newslint/rules"
	"github.com/newslint/newslint/runner"
)

// benchDir finds ../shared/bench beside the repository; the test is skipped
// without it, unless it runs in CI, where it must be there.
func benchDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("NEWSLINT_BENCH"); d != "" {
		return d
	}
	d, _ := filepath.Abs("../shared/bench")
	if _, err := os.Stat(d); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("benchmark pages not found at %s", d)
		}
		t.Skipf("benchmark pages not found at %s", d)
	}
	return d
}

// score runs newslint with the default rules over a benchmark folder's pages
// (innertext or html), keeps the content lines as `clean --keep content`
// does, and scores them against the folder's gold.
func score(t *testing.T, dir, pages string) eval.Result {
	t.Helper()
	set, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg := runner.Config{Engine: detect.New(set)}
	cfg.Walk.Extensions = []string{".txt", ".html"} // and .html.gz
	cfg.Read.Readability = true                     // as the command line does by default
	pred := map[string]string{}
	err = runner.Run(context.Background(), cfg, []string{filepath.Join(dir, pages)}, func(it *runner.Item) error {
		if it.Err != nil {
			return it.Err
		}
		base := strings.TrimSuffix(filepath.Base(it.Target.Path), ".gz")
		id := strings.TrimSuffix(base, filepath.Ext(base))
		pred[id] = string(clean.Text(it.Result, []rules.Label{rules.Content}, "\n"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	g, err := eval.LoadGold(filepath.Join(dir, "gold"))
	if err != nil {
		t.Fatal(err)
	}
	return g.Score(pred)[0]
}

// TestQualityFloor guards detection quality on the benchmark pages: a change
// that loses quality fails here. The floors sit a little under what newslint
// reaches (BENCHMARKS.md has the full table); raise them as quality improves.
func TestQualityFloor(t *testing.T) {
	bench := benchDir(t)
	cases := []struct {
		set, pages string
		floor      float64
	}{
		{"trafilatura-eval", "innertext", floorTrafText},
		{"scrapinghub-aeb", "innertext", floorAebText},
		{"trafilatura-eval", "html", floorTrafHTML},
		{"scrapinghub-aeb", "html", floorAebHTML},
		{"wcxb-dev", "innertext", floorWcxbText},
		{"wcxb-dev", "html", floorWcxbHTML},
	}
	for _, c := range cases {
		t.Run(c.set+"/"+c.pages, func(t *testing.T) {
			if c.pages == "html" && testing.Short() {
				t.Skip("HTML scoring is skipped in -short mode")
			}
			r := score(t, filepath.Join(bench, c.set), c.pages)
			t.Logf("%s %s: P %.3f R %.3f F1 %.3f (%d pages)", c.set, c.pages, r.Precision, r.Recall, r.F1, r.Pages)
			if r.F1 < c.floor {
				t.Errorf("%s %s: F1 %.3f fell below the floor %.3f", c.set, c.pages, r.F1, c.floor)
			}
		})
	}
}

// Floors: measured F1 minus about 0.005, with the weights fitted on the
// three sets (issue 16). These are in-sample figures; the cross-validated
// ones (fit on the other sites, score on these) are in BENCHMARKS.md. The
// hand-tuned weights before the fit scored 0.925 / 0.956 / 0.942 / 0.965
// on the first four, and lost more of that on pages outside the bench.
// wcxb-dev counts all seven page types (articles, forums, listings …).
const (
	floorTrafText = 0.909
	floorAebText  = 0.918
	floorTrafHTML = 0.932
	floorAebHTML  = 0.944
	floorWcxbText = 0.760
	floorWcxbHTML = 0.805
)

// floorHeldOut is the text-only F1 floor on the held-out pages (see
// TestHeldOutFloor): measured minus about 0.005.
// The weights fitted in issue 16 score 0.875 here, the hand-tuned ones
// scored 0.890: see BENCHMARKS.md.
const floorHeldOut = 0.870

// TestHeldOutFloor guards quality on real pages that no rule was tuned on:
// Readability's test pages from the module cache (package heldout), their
// text as newslint's renderer gives it, scored against Readability's output.
// The rules were written against ../shared/bench; this set checks that they
// generalise, and fails when a change gains on the bench by fitting it.
func TestHeldOutFloor(t *testing.T) {
	dir, err := heldout.Dir()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	pages, err := heldout.Load(dir, heldout.MinF1, heldout.MaxF1)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 60 {
		t.Fatalf("only %d held-out pages", len(pages))
	}
	set, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	e := detect.New(set)
	pred := map[string]string{}
	for _, p := range pages {
		pg := input.ParseText(p.ID+".txt", []byte(p.Text))
		pred[p.ID] = string(clean.Text(e.Run(pg, detect.Options{}), []rules.Label{rules.Content}, "\n"))
	}
	r, err := heldout.Score(pages, pred)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("held-out: P %.3f R %.3f F1 %.3f (%d pages)", r.Precision, r.Recall, r.F1, r.Pages)
	if r.F1 < floorHeldOut {
		t.Errorf("held-out F1 %.3f fell below the floor %.3f", r.F1, floorHeldOut)
	}
}

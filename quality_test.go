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
	cfg.Walk.Extensions = []string{".txt", ".html"}
	cfg.Read.Readability = true // as the command line does by default
	pred := map[string]string{}
	err = runner.Run(context.Background(), cfg, []string{filepath.Join(dir, pages)}, func(it *runner.Item) error {
		if it.Err != nil {
			return it.Err
		}
		id := strings.TrimSuffix(filepath.Base(it.Target.Path), filepath.Ext(it.Target.Path))
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

// Floors: measured F1 minus about 0.005.
const (
	floorTrafText = 0.885
	floorAebText  = 0.921
	floorTrafHTML = 0.918
	floorAebHTML  = 0.952
)

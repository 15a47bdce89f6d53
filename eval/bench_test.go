package eval_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/newslint/newslint/eval"
)

// benchDir finds shared/bench by walking up from the package directory
// (NEWSLINT_BENCH overrides). Without it the test is skipped, unless CI is
// set, where a missing bench is a failure.
func benchDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("NEWSLINT_BENCH"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		cand := filepath.Join(dir, "shared", "bench")
		if _, err := os.Stat(filepath.Join(cand, "README.md")); err == nil {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if os.Getenv("CI") != "" {
		t.Fatal("shared/bench not found above the package directory (CI is set)")
	}
	t.Skip("shared/bench not found above the package directory")
	return ""
}

func loadGold(t *testing.T, dir string) *eval.Gold {
	t.Helper()
	g, err := eval.LoadGold(dir)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func one(t *testing.T, g *eval.Gold, pred map[string]string) eval.Result {
	t.Helper()
	rs := g.Score(pred)
	if len(rs) != 1 {
		t.Fatalf("Score gave %d results, want 1", len(rs))
	}
	return rs[0]
}

// TestBenchReference reproduces the README's figures for the peer output
// shipped with each benchmark, and for the "every line kept" baseline.
func TestBenchReference(t *testing.T) {
	bench := benchDir(t)
	cases := []struct {
		set, pred string // pred: reference file or innertext dir
		method    eval.Method
		want      string // P / R / F1 to three decimals, as in README.md
		pages     int
		// Exact values from a Python port of the upstream scorers.
		p, r, f1       float64
		tp, fp, fn, tn float64 // snippet counts; unchecked for shingles
	}{
		{"scrapinghub-aeb", "reference/go_trafilatura.json", eval.Shingles, "0.943/0.982/0.962", 127,
			0.9426787644047486, 0.982497171121436, 0.9621761857840541, 0, 0, 0, 0},
		{"scrapinghub-aeb", "innertext", eval.Shingles, "0.532/0.993/0.693", 127,
			0.5322866950164327, 0.9926812052123835, 0.6929863872520142, 0, 0, 0, 0},
		{"trafilatura-eval", "reference/go_trafilatura.json", eval.Snippets, "0.915/0.911/0.913", 506,
			0.9153333333333333, 0.9110816191108162, 0.9132025274359827, 1373, 127, 134, 1390},
		{"trafilatura-eval", "innertext", eval.Snippets, "0.541/0.985/0.698", 506,
			0.5407865986890021, 0.9854014598540146, 0.6983305901716436, 1485, 1261, 22, 256},
	}
	for _, c := range cases {
		t.Run(c.set+"/"+c.pred, func(t *testing.T) {
			g := loadGold(t, filepath.Join(bench, c.set, "gold"))
			path := filepath.Join(bench, c.set, c.pred)
			var pred map[string]string
			var err error
			if filepath.Ext(path) == ".json" {
				pred, err = eval.LoadReference(path)
			} else {
				pred, err = eval.LoadOutputDir(path)
			}
			if err != nil {
				t.Fatal(err)
			}
			r := one(t, g, pred)
			if r.Method != c.method {
				t.Errorf("method %v, want %v", r.Method, c.method)
			}
			if got := fmt.Sprintf("%.3f/%.3f/%.3f", r.Precision, r.Recall, r.F1); got != c.want {
				t.Errorf("P/R/F1 = %s, want %s", got, c.want)
			}
			const eps = 1e-12
			if math.Abs(r.Precision-c.p) > eps || math.Abs(r.Recall-c.r) > eps || math.Abs(r.F1-c.f1) > eps {
				t.Errorf("P/R/F1 = %.16g/%.16g/%.16g, want %.16g/%.16g/%.16g", r.Precision, r.Recall, r.F1, c.p, c.r, c.f1)
			}
			if r.Pages != c.pages || len(r.PerPage) != c.pages {
				t.Errorf("pages = %d (%d per-page), want %d", r.Pages, len(r.PerPage), c.pages)
			}
			if c.method == eval.Snippets && (r.TP != c.tp || r.FP != c.fp || r.FN != c.fn || r.TN != c.tn) {
				t.Errorf("TP/FP/FN/TN = %g/%g/%g/%g, want %g/%g/%g/%g", r.TP, r.FP, r.FN, r.TN, c.tp, c.fp, c.fn, c.tn)
			}
			// Per-page counts must add up to the totals and agree with the lists.
			var tp, fp, fn float64
			for _, p := range r.PerPage {
				tp, fp, fn = tp+p.TP, fp+p.FP, fn+p.FN
				if c.method == eval.Snippets && (len(p.Missed) != int(p.FN) || len(p.Kept) != int(p.FP)) {
					t.Errorf("%s: %d missed / %d kept listed for FN %g / FP %g", p.ID, len(p.Missed), len(p.Kept), p.FN, p.FP)
				}
			}
			if math.Abs(tp-r.TP) > 1e-9 || math.Abs(fp-r.FP) > 1e-9 || math.Abs(fn-r.FN) > 1e-9 {
				t.Errorf("per-page sums %g/%g/%g differ from totals %g/%g/%g", tp, fp, fn, r.TP, r.FP, r.FN)
			}
		})
	}
}

// TestBenchBenchmarkFolder checks that a benchmark folder can be given as
// is (its gold/ subdirectory is used) and that no prediction scores zero.
func TestBenchBenchmarkFolder(t *testing.T) {
	bench := benchDir(t)
	for _, set := range []string{"scrapinghub-aeb", "trafilatura-eval"} {
		g := loadGold(t, filepath.Join(bench, set))
		r := one(t, g, nil)
		if r.Pages == 0 || r.Empty != r.Pages {
			t.Errorf("%s: %d pages, %d empty; want all of at least one empty", set, r.Pages, r.Empty)
		}
		if r.Recall != 0 || r.F1 != 0 {
			t.Errorf("%s: no output gives R %g F1 %g, want 0", set, r.Recall, r.F1)
		}
		if len(g.IDs()) != r.Pages {
			t.Errorf("%s: IDs() has %d pages, Score %d", set, len(g.IDs()), r.Pages)
		}
	}
}
